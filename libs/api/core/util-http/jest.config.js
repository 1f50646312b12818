import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/core/util-http', { displayName: 'api-core-util-http' });
