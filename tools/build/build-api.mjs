// Bundles the API (main.js, cli.js) into dist/apps/api as ES modules.
// esbuild resolves the @dahe/* aliases and bundles our libraries; npm packages stay external.
// esbuild cannot emit decorator metadata, which Nest's dependency injection reads, so TypeScript
// files go through swc (legacy decorators + metadata) first.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { transform } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist/apps/api');
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const swcDecorators = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, {
        filename: args.path,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: { main: 'apps/api/src/main.ts', cli: 'apps/api/src/cli.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  tsconfig: join(root, 'apps/api/tsconfig.json'),
  sourcemap: 'linked',
  keepNames: true,
  logLevel: 'warning',
  define: { 'process.env.DAHE_VERSION': JSON.stringify(version) },
  plugins: [swcDecorators],
});
console.log(`built dist/apps/api (main.js, cli.js) in ${Date.now() - started} ms`);
