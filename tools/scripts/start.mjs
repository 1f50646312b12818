// npm start: build what is not built yet (Nx's cache skips what is), then run the API, which
// migrates the database, seeds the demo on an empty one and serves the web app on the same port.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nxPackage = createRequire(import.meta.url).resolve('nx/package.json');
const nxBin = join(dirname(nxPackage), JSON.parse(readFileSync(nxPackage, 'utf8')).bin.nx);
process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON = 'false';

console.log('Building the API and the web app (cached after the first run)…');
const build = spawnSync(process.execPath, [nxBin, 'run-many', '-t', 'build', '-p', 'api', 'web', '--output-style=static'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('dahe: the build failed (see above)');
  process.exit(build.status ?? 1);
}
process.chdir(root);
await import(pathToFileURL(join(root, 'dist/apps/api/main.js')).href);
