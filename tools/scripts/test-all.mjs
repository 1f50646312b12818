// npm test: lint, type-check and unit tests of every project, then integration and end-to-end tests
// (which build what they need), and one closing line over all of them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nxPackage = createRequire(import.meta.url).resolve('nx/package.json');
const nxBin = join(dirname(nxPackage), JSON.parse(readFileSync(nxPackage, 'utf8')).bin.nx);
const resultsDir = join(root, 'tmp', 'test-results');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
// Nx keeps its cache outside the checkout (~/.nx), shared by every clone on the machine: CI runs each
// task afresh so that what it reports was run, not replayed.
const fresh = process.env.CI === 'true' ? ['--skip-nx-cache'] : [];
const nx = (...args) => {
  const started = Date.now();
  const { status } = spawnSync(process.execPath, [nxBin, ...args, ...fresh, '--output-style=static'], { cwd: root, stdio: 'inherit', env });
  console.log(`\n[npm test] nx ${args.join(' ')}: ${status === 0 ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  return status === 0;
};

rmSync(resultsDir, { recursive: true, force: true });
const steps = [
  nx('run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2'),
  // One at a time: each starts PostgreSQL servers and app processes of its own.
  nx('run-many', '-t', 'integration', 'e2e', '--parallel=1'),
];

const totals = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(resultsDir)) {
  console.log('[npm test] tests by suite:');
  for (const file of readdirSync(resultsDir).sort()) {
    const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    console.log(`  ${result.name.padEnd(32)} ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
  }
}
if (!steps.every(Boolean)) console.log('\n[npm test] a step FAILED (lint, type-check, build or a test run): see its output above');
const ok = steps.every(Boolean) && totals.failed === 0 && totals.passed > 0;
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
