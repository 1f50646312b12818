import { jestProject } from '../../jest.preset.js';

// Playwright (playwright-core) drives Debian's Chromium against the built app; screenshots land in
// apps/web-e2e/screenshots/ (ignored by git).
export default jestProject('apps/web-e2e', {
  displayName: 'web-e2e',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
});
