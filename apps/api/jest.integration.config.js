import { jestProject } from '../../jest.preset.js';

// Against PostgreSQL: DATABASE_URL when set, otherwise one embedded server for the whole run.
// Each test file gets its own database cloned from a migrated template, so files run in parallel.
export default jestProject('apps/api', {
  displayName: 'api-integration',
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
});
