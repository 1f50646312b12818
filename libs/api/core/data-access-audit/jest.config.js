import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/core/data-access-audit', { displayName: 'api-core-data-access-audit' });
