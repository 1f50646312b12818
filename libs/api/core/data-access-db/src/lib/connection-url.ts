import { createHmac } from 'node:crypto';

/** The role the API connects as: no ownership of any table, no BYPASSRLS (created by the first migration). */
export const APP_DB_ROLE = 'dahe_app';

/** Parses a postgres:// URL, failing with one line that names what is wrong (never the password). */
export function parsePostgresUrl(value: string, name = 'DATABASE_URL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL (expected postgres://user:password@host:5432/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`${name} must start with postgres:// or postgresql://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error(`${name} has no host`);
  if (url.port && !(Number(url.port) > 0 && Number(url.port) < 65536)) throw new Error(`${name} has an invalid port`);
  if (url.pathname.replace(/^\//, '') === '') throw new Error(`${name} names no database (…/database at the end)`);
  return url;
}

/** The same server and database, another role. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** host:port for messages, without credentials. */
export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}/${databaseName(url)}`;
}

/**
 * The app role's password when none is configured: derived from the owner's credentials and server,
 * not the database name, so every API process and every test database of one cluster agree on it
 * without sharing state.
 */
export function deriveAppRolePassword(ownerUrl: string): string {
  const parsed = new URL(ownerUrl);
  const secret = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}@${parsed.hostname}:${parsed.port}`;
  return createHmac('sha256', secret).update(APP_DB_ROLE).digest('base64url');
}
