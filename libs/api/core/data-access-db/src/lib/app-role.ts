import pg from 'pg';
import { APP_DB_ROLE } from './connection-url';

/**
 * Lets the app role log in with the expected password. The role itself (no ownership, no BYPASSRLS)
 * is created by the first migration; passwords are not schema, so they are set here, by the owner.
 */
export async function enableAppRoleLogin(ownerUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // ALTER ROLE takes no bind parameters: quote the literal with the driver's own escaping.
    await client.query(`ALTER ROLE ${client.escapeIdentifier(APP_DB_ROLE)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}
