import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/core/util-crypto', { displayName: 'api-core-util-crypto' });
