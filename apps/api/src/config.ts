import { resolve } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { parsePostgresUrl } from '@dahe/api/core/data-access-db';

/** Everything the API reads from its environment, validated once at start-up. */
export interface AppConfig {
  port: number;
  host: string;
  /** Owner connection; absent → embedded PostgreSQL under {@link dataDir}. */
  databaseUrl?: string;
  /** Optional explicit connection for the app role; derived from {@link databaseUrl} otherwise. */
  appDatabaseUrl?: string;
  appDbPassword?: string;
  dataDir: string;
  /** The built Angular app; served from `/` when the folder exists. */
  webDir: string;
  logLevel: LevelWithSilent;
  /** Seed the demo province into an empty database at start-up. */
  demoSeed: boolean;
  demoPassword?: string;
  /** Milliseconds open requests get to finish on shutdown. */
  shutdownGraceMs: number;
  /** Base64 of 32 bytes: encrypts personal data at rest. Embedded mode keeps a generated one in the data folder. */
  dataKey?: string;
  /** Second factor required for the roles that sign or administer (default: on, except for the demo). */
  requireTwoFactor: boolean;
  /** Proxies whose X-Forwarded-For is believed (IPs or CIDRs); nobody else's. */
  trustedProxies: string[];
  auditHash: 'sm3' | 'sha256';
}

/** A configuration mistake: reported as one line, no stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const logLevel = (env['LOG_LEVEL'] ?? 'info') as LevelWithSilent;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);

  const databaseUrl = nonEmpty(env['DATABASE_URL']);
  const appDatabaseUrl = nonEmpty(env['DAHE_APP_DATABASE_URL']);
  try {
    if (databaseUrl) parsePostgresUrl(databaseUrl, 'DATABASE_URL');
    if (appDatabaseUrl) parsePostgresUrl(appDatabaseUrl, 'DAHE_APP_DATABASE_URL');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (appDatabaseUrl && !databaseUrl) throw new ConfigError('DAHE_APP_DATABASE_URL needs DATABASE_URL (the owner connection that migrates) too');

  const demoPassword = nonEmpty(env['DAHE_DEMO_PASSWORD']);
  if (demoPassword !== undefined && demoPassword.length < 10) throw new ConfigError('DAHE_DEMO_PASSWORD must have at least 10 characters');

  const dataKey = nonEmpty(env['DAHE_DATA_KEY']);
  if (dataKey !== undefined && Buffer.from(dataKey, 'base64').length !== 32) {
    throw new ConfigError('DAHE_DATA_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)');
  }
  if (dataKey === undefined && databaseUrl) {
    throw new ConfigError('DAHE_DATA_KEY is required with DATABASE_URL: the base64 of 32 random bytes (openssl rand -base64 32)');
  }
  const auditHash = nonEmpty(env['DAHE_AUDIT_HASH']) ?? 'sm3';
  if (auditHash !== 'sm3' && auditHash !== 'sha256') throw new ConfigError(`DAHE_AUDIT_HASH must be sm3 or sha256; got "${auditHash}"`);
  const trustedProxies = (nonEmpty(env['DAHE_TRUSTED_PROXIES']) ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const proxy of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(proxy) && !['loopback', 'linklocal', 'uniquelocal'].includes(proxy)) {
      throw new ConfigError(`DAHE_TRUSTED_PROXIES must list IP addresses or CIDR ranges; got "${proxy}"`);
    }
  }
  const demoSeed = boolean(env, 'DAHE_DEMO_SEED', true);

  return {
    port,
    host: nonEmpty(env['HOST']) ?? '0.0.0.0',
    databaseUrl,
    appDatabaseUrl,
    appDbPassword: nonEmpty(env['DAHE_APP_DB_PASSWORD']),
    dataDir: resolve(cwd, nonEmpty(env['DAHE_DATA_DIR']) ?? 'data'),
    webDir: resolve(cwd, nonEmpty(env['DAHE_WEB_DIR']) ?? 'dist/apps/web/browser'),
    logLevel,
    demoSeed,
    demoPassword,
    shutdownGraceMs: integer(env, 'DAHE_SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    dataKey,
    requireTwoFactor: boolean(env, 'DAHE_REQUIRE_2FA', !demoSeed),
    trustedProxies,
    auditHash,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]}"`);
}
