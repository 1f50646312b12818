import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/health/feature-health', { displayName: 'api-health-feature-health' });
