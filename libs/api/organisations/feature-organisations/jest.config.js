import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/organisations/feature-organisations', { displayName: 'api-organisations-feature-organisations' });
