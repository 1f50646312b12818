import { jestProject } from '../../../jest.preset.js';
export default jestProject('libs/shared/workflow', { displayName: 'shared-workflow' });
