import { jestProject } from '../../../../jest.preset.js';
export default jestProject('libs/api/core/data-access-db', { displayName: 'api-core-data-access-db' });
