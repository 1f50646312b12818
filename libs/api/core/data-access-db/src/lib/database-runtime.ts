import { APP_DB_ROLE, deriveAppRolePassword, parsePostgresUrl, withCredentials } from './connection-url';
import { startEmbeddedPostgres } from './embedded-postgres';

export type DatabaseMode = 'embedded' | 'external';

/** Where the database is and how to reach it, for the owner (migrations) and for the app role. */
export interface DatabaseRuntime {
  mode: DatabaseMode;
  /** Owner: runs migrations and seeds. */
  ownerUrl: string;
  /** The app role `dahe_app`: everything the API does at run time. */
  appUrl: string;
  appRolePassword: string;
  /** The embedded server was already running (another process's, or a crashed run's) and was taken over. */
  adopted: boolean;
  /** Stops the embedded server (no-op for an external one). */
  stop(): Promise<void>;
}

export interface DatabaseSettings {
  databaseUrl?: string;
  appDatabaseUrl?: string;
  appRolePassword?: string;
  dataDir: string;
  /** Database name inside the embedded cluster. */
  embeddedDatabase?: string;
  log?: (message: string) => void;
}

/** Same code path in both modes: only where the URL comes from differs. */
export async function startDatabase(settings: DatabaseSettings): Promise<DatabaseRuntime> {
  if (settings.databaseUrl) {
    parsePostgresUrl(settings.databaseUrl);
    if (settings.appDatabaseUrl) parsePostgresUrl(settings.appDatabaseUrl, 'DAHE_APP_DATABASE_URL');
    const appRolePassword = settings.appRolePassword ?? deriveAppRolePassword(settings.databaseUrl);
    return {
      mode: 'external',
      ownerUrl: settings.databaseUrl,
      appUrl: settings.appDatabaseUrl ?? withCredentials(settings.databaseUrl, APP_DB_ROLE, appRolePassword),
      appRolePassword,
      adopted: false,
      stop: async () => undefined,
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: settings.dataDir, log: settings.log });
  const { superuser, superuserPassword } = server.credentials;
  const database = settings.embeddedDatabase ?? 'dahe';
  const ownerUrl = `postgres://${superuser}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${server.port}/${database}`;
  await ensureDatabaseExists(ownerUrl);
  const appRolePassword = settings.appRolePassword ?? deriveAppRolePassword(ownerUrl);
  return {
    mode: 'embedded',
    ownerUrl,
    appUrl: withCredentials(ownerUrl, APP_DB_ROLE, appRolePassword),
    appRolePassword,
    adopted: server.adopted,
    stop: () => server.stop(),
  };
}

async function ensureDatabaseExists(ownerUrl: string) {
  const { default: pg } = await import('pg');
  const target = new URL(ownerUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(ownerUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
