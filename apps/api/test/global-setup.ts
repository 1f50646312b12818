import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deriveAppRolePassword,
  enableAppRoleLogin,
  startDatabase,
  withDatabase,
  type DatabaseRuntime,
} from '@dahe/api/core/data-access-db';
import { migrate } from '../src/database/data-source';
import { TEST_SERVER_ENV, withClient, type TestDatabaseServer } from './support/test-database';

declare global {
  // Shared with global-teardown.ts, which jest runs in this same process.
  var __daheTestDatabase: { runtime: DatabaseRuntime; server: TestDatabaseServer; dataDir?: string } | undefined;
}

/**
 * One PostgreSQL for the run (DATABASE_URL, or an embedded server under tmp/), and one migrated
 * template database that every test file clones, so files run in parallel without colliding.
 */
export default async function globalSetup(): Promise<void> {
  const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  // Each run its own embedded cluster (about a second to initialise), so two runs on one machine never share one.
  const dataDir = join(workspaceRoot, 'tmp', 'integration-pg', runId);
  const runtime = await startDatabase({
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    dataDir,
    embeddedDatabase: 'postgres',
  });
  const maintenanceUrl = withDatabase(runtime.ownerUrl, 'postgres');
  const templateDatabase = `dahe_tpl_${runId}`;
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(templateDatabase)}`));
  const templateUrl = withDatabase(maintenanceUrl, templateDatabase);
  await migrate(templateUrl);
  const appRolePassword = deriveAppRolePassword(maintenanceUrl);
  await enableAppRoleLogin(templateUrl, appRolePassword);

  const server: TestDatabaseServer = { ownerUrl: maintenanceUrl, templateDatabase, runId, appRolePassword };
  process.env[TEST_SERVER_ENV] = JSON.stringify(server);
  globalThis.__daheTestDatabase = { runtime, server, dataDir: runtime.mode === 'embedded' ? dataDir : undefined };
}
