import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { APP_DB_ROLE, databaseName, withCredentials, withDatabase } from '@dahe/api/core/data-access-db';
import type { DatabaseRuntime } from '@dahe/api/core/data-access-db';

/** What global-setup.ts hands to every test file through the environment. */
export interface TestDatabaseServer {
  /** Owner URL of the cluster's maintenance database. */
  ownerUrl: string;
  templateDatabase: string;
  runId: string;
  appRolePassword: string;
}

export const TEST_SERVER_ENV = 'DAHE_TEST_DATABASE_SERVER';

export function testServer(): TestDatabaseServer {
  const raw = process.env[TEST_SERVER_ENV];
  if (!raw) throw new Error(`${TEST_SERVER_ENV} is not set: run integration tests through jest.integration.config.js`);
  return JSON.parse(raw) as TestDatabaseServer;
}

export interface TestDatabase extends DatabaseRuntime {
  name: string;
  /** Drops the database (closing what still connects to it). */
  drop(): Promise<void>;
}

/** A fresh database of its own for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testServer();
  const name = `dahe_t_${server.runId}_${randomBytes(4).toString('hex')}`;
  await withClient(server.ownerUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(server.templateDatabase)}`),
  );
  const ownerUrl = withDatabase(server.ownerUrl, name);
  return {
    name,
    mode: 'external',
    ownerUrl,
    appUrl: withCredentials(ownerUrl, APP_DB_ROLE, server.appRolePassword),
    appRolePassword: server.appRolePassword,
    adopted: false,
    stop: async () => undefined,
    drop: () => dropDatabase(server.ownerUrl, name),
  };
}

export async function dropDatabase(maintenanceUrl: string, name: string): Promise<void> {
  await withClient(maintenanceUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export { databaseName };
