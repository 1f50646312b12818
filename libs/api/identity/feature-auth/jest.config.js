import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/identity/feature-auth', { displayName: 'api-identity-feature-auth' });
