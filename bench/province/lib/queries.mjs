// The service's own SQL for the baseline: intake.service.ts and province-dashboard.service.ts bundled with
// esbuild (as tools/build/build-api.mjs bundles the API) into tmp/, so the raw side runs exactly the
// statements the API runs, not a copy that could drift.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const LIB = 'libs/api/applications/feature-applications/src/lib/province';

/** `{ intakeQuery, provinceFigures }` from the sources of this checkout. */
export async function loadServiceQueries(root) {
  const outdir = join(root, 'tmp', 'bench-province');
  await mkdir(outdir, { recursive: true });
  const outfile = join(outdir, `queries-${process.pid}.mjs`);
  await build({
    absWorkingDir: root,
    stdin: {
      contents: `export { intakeQuery } from './${LIB}/intake.service';\nexport { provinceFigures } from './${LIB}/province-dashboard.service';\n`,
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-province-queries.ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    tsconfig: join(root, 'apps/api/tsconfig.json'),
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
