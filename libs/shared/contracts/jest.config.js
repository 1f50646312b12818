import { jestProject } from '../../../jest.preset.js';
export default jestProject('libs/shared/contracts', { displayName: 'shared-contracts' });
