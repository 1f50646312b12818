import { jestProject } from '../../../jest.preset.js';
export default jestProject('libs/shared/form', { displayName: 'shared-form' });
