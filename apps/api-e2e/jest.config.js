import { jestProject } from '../../jest.preset.js';

// The built app (dist/apps/api/main.js) as `npm start` runs it, each test with its own data folder.
export default jestProject('apps/api-e2e', {
  displayName: 'api-e2e',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
});
