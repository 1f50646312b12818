import { join, resolve } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { parsePostgresUrl } from '@dahe/api/core/data-access-db';
import type { FileStoreOptions, OutboxOptions } from '@dahe/api/applications/feature-applications';

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
  /** Audit checkpoints (signed chain heads) are written here, outside the database. */
  checkpointDir: string;
  /** How often the app writes one; 0: only on shutdown and by `npm run audit:checkpoint`. */
  checkpointIntervalMs: number;
  /** Ed25519 private key (PKCS#8 PEM or base64 DER); absent → generated once in the data folder. */
  checkpointKey?: string;
  /** Where evidence files are kept: PostgreSQL (default) or an S3-compatible bucket. */
  fileStore: FileStoreOptions;
  /** Hand-over messages: links (DAHE_PUBLIC_URL), SMTP (DAHE_SMTP_URL, DAHE_SMTP_FROM) or the outbox only, retries. */
  outbox: OutboxOptions;
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
    checkpointDir: resolve(cwd, nonEmpty(env['DAHE_CHECKPOINT_DIR']) ?? join(nonEmpty(env['DAHE_DATA_DIR']) ?? 'data', 'checkpoints')),
    checkpointIntervalMs: integer(env, 'DAHE_CHECKPOINT_INTERVAL_MIN', 10, 0, 1440) * 60_000,
    checkpointKey: nonEmpty(env['DAHE_CHECKPOINT_KEY']),
    fileStore: fileStore(env),
    outbox: outbox(env, port),
  };
}

function outbox(env: NodeJS.ProcessEnv, port: number): OutboxOptions {
  const publicUrl = (nonEmpty(env['DAHE_PUBLIC_URL']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/i.test(publicUrl)) throw new ConfigError(`DAHE_PUBLIC_URL must be the http:// or https:// address people open the app at, e.g. https://dahe.example.cn; got "${env['DAHE_PUBLIC_URL']}"`);
  const smtpUrl = nonEmpty(env['DAHE_SMTP_URL']);
  const smtpFrom = nonEmpty(env['DAHE_SMTP_FROM']);
  if (smtpUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['smtp:', 'smtps:'].includes(parsed.protocol) || !parsed.hostname) throw new ConfigError('DAHE_SMTP_URL must be smtp://user:password@host:port or smtps://… (URL-encode special characters in the password)');
    if (smtpFrom === undefined) throw new ConfigError('DAHE_SMTP_FROM is required with DAHE_SMTP_URL, e.g. "大河工坊 <noreply@example.cn>"');
  } else if (smtpFrom !== undefined) {
    throw new ConfigError('DAHE_SMTP_FROM is set but DAHE_SMTP_URL is not; set DAHE_SMTP_URL to send e-mail, or unset DAHE_SMTP_FROM (messages then stay in the outbox)');
  }
  if (smtpFrom !== undefined && !/<?[^\s<>@]+@[^\s<>@]+>?\s*$/.test(smtpFrom)) throw new ConfigError(`DAHE_SMTP_FROM must be an address, optionally with a name: "大河工坊 <noreply@example.cn>"; got "${smtpFrom}"`);
  return {
    publicUrl,
    smtpUrl,
    smtpFrom,
    dispatch: true,
    intervalMs: integer(env, 'DAHE_OUTBOX_INTERVAL_SEC', 5, 1, 3600) * 1000,
    retryBaseMs: integer(env, 'DAHE_OUTBOX_RETRY_SEC', 30, 1, 86400) * 1000,
    maxAttempts: integer(env, 'DAHE_OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
  };
}

const S3_VARIABLES = ['DAHE_S3_ENDPOINT', 'DAHE_S3_REGION', 'DAHE_S3_BUCKET', 'DAHE_S3_ACCESS_KEY_ID', 'DAHE_S3_SECRET_ACCESS_KEY', 'DAHE_S3_FORCE_PATH_STYLE'];

function fileStore(env: NodeJS.ProcessEnv): FileStoreOptions {
  const kind = nonEmpty(env['DAHE_FILE_STORE'])?.toLowerCase() ?? 'postgres';
  if (kind !== 'postgres' && kind !== 's3') throw new ConfigError(`DAHE_FILE_STORE must be postgres or s3; got "${env['DAHE_FILE_STORE']}"`);
  if (kind === 'postgres') {
    // Settings for a store that is not used are a mistake waiting to be found: files would go to PostgreSQL.
    const stray = S3_VARIABLES.find((name) => nonEmpty(env[name]) !== undefined);
    if (stray) throw new ConfigError(`${stray} is set but DAHE_FILE_STORE is not s3; set DAHE_FILE_STORE=s3 to keep evidence in the bucket, or unset ${stray}`);
    return { kind };
  }
  const endpoint = nonEmpty(env['DAHE_S3_ENDPOINT']);
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/i.test(endpoint)) throw new ConfigError(`DAHE_S3_ENDPOINT must be an http:// or https:// URL, e.g. http://minio:9000; got "${endpoint}"`);
  const region = nonEmpty(env['DAHE_S3_REGION']) ?? 'us-east-1';
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(region)) throw new ConfigError(`DAHE_S3_REGION must be a region name such as us-east-1; got "${region}"`);
  const bucket = nonEmpty(env['DAHE_S3_BUCKET']);
  if (bucket === undefined) throw new ConfigError('DAHE_S3_BUCKET is required with DAHE_FILE_STORE=s3');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`DAHE_S3_BUCKET must be a bucket name: 3–63 lower-case letters, digits, dots and hyphens; got "${bucket}"`);
  const accessKeyId = nonEmpty(env['DAHE_S3_ACCESS_KEY_ID']);
  const secretAccessKey = nonEmpty(env['DAHE_S3_SECRET_ACCESS_KEY']);
  if (accessKeyId !== undefined && secretAccessKey === undefined) throw new ConfigError('DAHE_S3_ACCESS_KEY_ID needs DAHE_S3_SECRET_ACCESS_KEY too');
  if (secretAccessKey !== undefined && accessKeyId === undefined) throw new ConfigError('DAHE_S3_SECRET_ACCESS_KEY needs DAHE_S3_ACCESS_KEY_ID too');
  return { kind, endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle: boolean(env, 'DAHE_S3_FORCE_PATH_STYLE', true) };
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
