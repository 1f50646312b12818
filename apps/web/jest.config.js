import { jestProject } from '../../jest.preset.js';
// Pure view logic only (no TestBed): components stay thin and delegate to plain functions tested here.
export default jestProject('apps/web', { displayName: 'web' });
