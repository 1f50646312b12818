import { jestProject } from '../../jest.preset.js';
export default jestProject('apps/api', { displayName: 'api', testMatch: ['<rootDir>/src/**/*.spec.ts'] });
