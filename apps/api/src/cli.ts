import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { revertAll } from './database/data-source';
import { seedDemo } from './database/seed/demo-seed';
import { loadSeed } from './database/seed/load-seed';
import { verifyAllChains } from './audit-verify';
import { checkAgainstLatestCheckpoint, checkpointKey, writeCheckpoint } from './audit-checkpoint';
import { StartupError, personalDataCipher, prepareDatabase } from './startup';

/**
 * Database chores: `migrate` (apply pending migrations), `seed` (demo data into an empty database),
 * `reset` (revert every migration through its down(), migrate again, seed), and `audit-verify`
 * (recompute every audit chain and check them against the latest checkpoint; exit code 2 on a break),
 * `audit-checkpoint` (write a signed checkpoint of every chain head now), `seed-load --schools N
 * --applications M [--seed S]` (a large generated province for load tests).
 */
const USAGE = 'usage: cli.js migrate | seed | reset | audit-verify | audit-checkpoint | seed-load --schools N --applications M [--seed S]';

async function run(command: string | undefined): Promise<void> {
  if (!command || !['migrate', 'seed', 'reset', 'audit-verify', 'audit-checkpoint', 'seed-load'].includes(command)) throw new ConfigError(USAGE);
  const config = loadConfig();
  const log = (message: string) => process.stdout.write(`${message}\n`);
  let { runtime, applied } = await prepareDatabase(config, log);
  try {
    if (command === 'reset') {
      const reverted = await revertAll(runtime.ownerUrl);
      log(`reverted ${reverted} migration(s)`);
      if (!runtime.adopted) await runtime.stop();
      ({ runtime, applied } = await prepareDatabase(config, log));
    }
    log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    if (command === 'audit-verify') {
      const reports = await verifyAllChains(runtime.ownerUrl);
      for (const report of reports) {
        const where = `${report.orgId} ${report.chain}`;
        log(report.ok ? `ok      ${where}: ${report.events} event(s)` : `BROKEN  ${where}: event #${report.brokenAt?.seq} (${report.brokenAt?.id}): ${report.brokenAt?.reason}`);
      }
      const broken = reports.filter((r) => !r.ok).length;
      log(`${reports.length} chain(s), ${broken} broken`);
      // A chain only catches edits in its middle; truncation and rewrites show against the checkpoint.
      const against = await checkAgainstLatestCheckpoint(runtime.ownerUrl, config.checkpointDir, await checkpointKey(config.checkpointKey, config.dataDir));
      if (!against.file) log(`no checkpoint in ${config.checkpointDir} yet: truncation cannot be checked`);
      else if (against.problem) log(`BROKEN  checkpoint ${against.file}: ${against.problem}`);
      else {
        for (const finding of against.findings) log(`BROKEN  ${finding.orgId} ${finding.chain}: ${finding.reason}`);
        log(`checked against the checkpoint of ${against.createdAt} (${against.file}): ${against.findings.length} finding(s)`);
      }
      if (broken > 0 || against.problem || against.findings.length > 0) process.exitCode = 2;
    } else if (command === 'audit-checkpoint') {
      const { file, checkpoint } = await writeCheckpoint(runtime.ownerUrl, { dir: config.checkpointDir, key: await checkpointKey(config.checkpointKey, config.dataDir), alg: config.auditHash });
      log(`checkpoint of ${checkpoint.heads.length} chain(s), root ${checkpoint.alg}:${checkpoint.root}: ${file}`);
    } else if (command === 'seed-load') {
      const flag = (name: string, fallback?: number) => {
        const at = process.argv.indexOf(`--${name}`);
        const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
        if (value === undefined || !Number.isInteger(value) || value < 0) throw new ConfigError(`--${name} needs a whole number; ${USAGE}`);
        return value;
      };
      const result = await loadSeed(runtime.ownerUrl, { schools: flag('schools', 5000), applications: flag('applications', 100000), seed: flag('seed', 20240901), hashAlgorithm: config.auditHash, log });
      log(`loaded ${result.supervisors} supervising units, ${result.schools} schools, ${result.calls} calls, ${result.applications} applications, ${result.sections} sections in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      for (const [state, n] of Object.entries(result.byState).sort()) log(`  ${state.padEnd(20)} ${n}`);
    } else if (command !== 'migrate') {
      const result = await seedDemo(runtime.ownerUrl, { cipher: await personalDataCipher(config, runtime), password: config.demoPassword, hashAlgorithm: config.auditHash });
      if (!result.seeded) log(`not seeded: the database already holds ${result.organisations} organisations`);
      else {
        log(`seeded the demo province: ${result.organisations} organisations, ${result.accounts.length} memberships`);
        if (result.passwordGenerated) log(`demo password (shown only this once): ${result.password}`);
      }
    }
  } finally {
    // A server found running belongs to the app that runs beside this command: leave it be.
    if (!runtime.adopted) await runtime.stop();
  }
}

run(process.argv[2]).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) process.stderr.write(`dahe: ${error.message}\n`);
  else process.stderr.write(`dahe: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
