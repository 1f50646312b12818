import { jestProject } from '../../../jest.preset.js';
// Only pure modules are tested here (dictionaries, interpolation, time formatting, error mapping):
// no Angular, no TestBed, so the plain node environment is enough.
export default jestProject('libs/web/core', { displayName: 'web-core' });
