import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { DatabaseRuntime } from '@dahe/api/core/data-access-db';
import { createLogger } from '@dahe/api/core/util-http';
import { FileStoreError } from '@dahe/api/applications/feature-applications';
import { createApp } from './bootstrap';
import { type AppConfig, ConfigError, loadConfig } from './config';
import { checkpointKey, writeCheckpoint } from './audit-checkpoint';
import { seedDemo } from './database/seed/demo-seed';
import { StartupError, describeDatabaseError, personalDataCipher, prepareDatabase } from './startup';
import type { DemoSeedResult } from './database/seed/demo-seed';

/** Replaced by the bundler; "dev" when run from sources. */
const VERSION = process.env['DAHE_VERSION'] ?? 'dev';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { runtime, applied } = await prepareDatabase(config, (message) => logger.info({ context: 'database' }, message));
  if (applied.length > 0) logger.info({ context: 'database', applied }, `applied ${applied.length} migration(s)`);

  let app: NestExpressApplication | undefined;
  let checkpoints: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing open requests');
    const force = setTimeout(() => {
      logger.error('open requests did not finish in time; closing them');
      app?.getHttpServer().closeAllConnections();
    }, config.shutdownGraceMs);
    force.unref();
    try {
      // Stops accepting, waits for open requests, then closes the pool (TypeORM's module hook).
      await app?.close();
      // The last heads, once nothing appends any more.
      await checkpoints?.stop();
    } finally {
      await runtime.stop().catch((error: Error) => logger.error({ err: error }, 'stopping PostgreSQL failed'));
      logger.info('stopped');
      process.exit(0);
    }
  };
  // `on`, not `once`: under npm a Ctrl-C arrives twice (from the terminal and forwarded by npm).
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const cipher = await personalDataCipher(config, runtime);
    const seed = config.demoSeed ? await seedDemo(runtime.ownerUrl, { cipher, password: config.demoPassword, hashAlgorithm: config.auditHash }) : undefined;
    app = await createApp({
      runtime,
      logger,
      version: VERSION,
      webDir: config.webDir,
      trustedProxies: config.trustedProxies,
      fileStore: config.fileStore,
      outbox: config.outbox,
      auth: { cipher, requireTwoFactor: config.requireTwoFactor, auditHash: config.auditHash },
    });
    await app.listen(config.port, config.host);
    checkpoints = await startCheckpoints(config, runtime, logger);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    printBanner({ port, runtime, seed, startupMs: performance.now() - startedAt });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime.stop().catch(() => undefined);
    if (error instanceof StartupError || error instanceof ConfigError) throw error;
    if (error instanceof FileStoreError) throw new StartupError(error.message);
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new StartupError(`port ${config.port} is already in use; set PORT to a free one`);
    throw new StartupError(describeDatabaseError(runtime.ownerUrl, error));
  }
}

/** Writes an audit checkpoint every DAHE_CHECKPOINT_INTERVAL_MIN minutes, and a last one on shutdown. */
async function startCheckpoints(config: AppConfig, runtime: DatabaseRuntime, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const options = { dir: config.checkpointDir, key: await checkpointKey(config.checkpointKey, config.dataDir), alg: config.auditHash };
  const write = () =>
    writeCheckpoint(runtime.ownerUrl, options)
      .then(({ file, checkpoint }) => logger.info({ context: 'audit', file, chains: checkpoint.heads.length }, 'audit checkpoint written'))
      .catch((error: Error) => logger.error({ context: 'audit', err: error }, 'writing the audit checkpoint failed'));
  const timer = config.checkpointIntervalMs > 0 ? setInterval(() => void write(), config.checkpointIntervalMs) : undefined;
  timer?.unref();
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      await write();
    },
  };
}

function printBanner(info: { port: number; runtime: DatabaseRuntime; seed?: DemoSeedResult; startupMs: number }) {
  const url = `http://localhost:${info.port}`;
  const { seed } = info;
  const lines = [
    '',
    '  大河工坊 · 职教出海项目申报平台 (Dahe) is ready',
    `  Web:       ${url}/`,
    `  API docs:  ${url}/api/docs`,
    `  Health:    ${url}/api/health`,
    `  Database:  ${info.runtime.mode === 'embedded' ? 'embedded PostgreSQL' : 'external PostgreSQL'}${seed?.seeded ? `, demo province seeded (${seed.schools} schools)` : ''}`,
  ];
  if (seed?.seeded && seed.password) {
    lines.push('', '  Demo accounts (one password for all; see README for what each role does):');
    for (const account of seed.accounts) {
      lines.push(`    ${account.username.padEnd(14)} ${account.roles.join(', ').padEnd(30)} ${account.organisation}`);
    }
    lines.push(
      '',
      seed.passwordGenerated
        ? `  Password:  ${seed.password}   (generated now and shown only this once: note it, or set DAHE_DEMO_PASSWORD)`
        : '  Password:  the value of DAHE_DEMO_PASSWORD',
    );
  }
  lines.push('', `  Ready in ${Math.round(info.startupMs)} ms. Press Ctrl-C to stop.`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  // Configuration and start-up mistakes get one line; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof StartupError) process.stderr.write(`dahe: ${error.message}\n`);
  else process.stderr.write(`dahe: start-up failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
