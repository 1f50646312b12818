// Shared jest settings. NestJS 12 ships ESM only, so jest runs in ESM mode
// (node --experimental-vm-modules) and @swc/jest transpiles TypeScript with decorator metadata,
// which Nest's dependency injection reads.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = dirname(fileURLToPath(import.meta.url));
const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

/** `@dahe/x/y` → `<root>/libs/x/y/src/index.ts`, from tsconfig.base.json so the two never drift. */
const aliasMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}$`,
    join(workspaceRoot, target),
  ]),
);

export const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** @param {string} projectRoot relative to the workspace root */
export function jestProject(projectRoot, overrides = {}) {
  return {
    rootDir: join(workspaceRoot, projectRoot),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': swcTransform },
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    moduleNameMapper: { ...aliasMapper, '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    reporters: ['default', join(workspaceRoot, 'tools/jest/results-reporter.js')],
    ...overrides,
  };
}
