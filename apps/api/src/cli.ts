import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { revertAll } from './database/data-source';
import { seedDemo } from './database/seed/demo-seed';
import { verifyAllChains } from './audit-verify';
import { StartupError, personalDataCipher, prepareDatabase } from './startup';

/**
 * Database chores: `migrate` (apply pending migrations), `seed` (demo data into an empty database),
 * `reset` (revert every migration through its down(), migrate again, seed), and `audit-verify`
 * (recompute every audit chain; exit code 2 on a break).
 */
const USAGE = 'usage: cli.js migrate | seed | reset | audit-verify';

async function run(command: string | undefined): Promise<void> {
  if (!command || !['migrate', 'seed', 'reset', 'audit-verify'].includes(command)) throw new ConfigError(USAGE);
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
      if (broken > 0) process.exitCode = 2;
    } else if (command !== 'migrate') {
      const result = await seedDemo(runtime.ownerUrl, { cipher: await personalDataCipher(config, runtime), password: config.demoPassword });
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
