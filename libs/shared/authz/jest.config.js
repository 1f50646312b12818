import { jestProject } from '../../../jest.preset.js';
export default jestProject('libs/shared/authz', { displayName: 'shared-authz' });
