import { jestProject } from '../jest.preset.js';
export default jestProject('tools', { displayName: 'tools', testMatch: ['<rootDir>/**/*.spec.js'] });
