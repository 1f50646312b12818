import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/applications/feature-applications', { displayName: 'api-applications-feature-applications' });
