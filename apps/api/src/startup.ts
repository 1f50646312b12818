import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeServer, enableAppRoleLogin, startDatabase, type DatabaseRuntime } from '@dahe/api/core/data-access-db';
import { PersonalDataCipher } from '@dahe/api/core/util-crypto';
import type { AppConfig } from './config';
import { migrate } from './database/data-source';

/** A start-up failure worth one line to the operator, not a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Starts (or reaches) PostgreSQL, migrates as the owner and lets the app role log in. */
export async function prepareDatabase(config: AppConfig, log: (message: string) => void): Promise<{ runtime: DatabaseRuntime; applied: string[] }> {
  let runtime: DatabaseRuntime;
  try {
    runtime = await startDatabase({
      databaseUrl: config.databaseUrl,
      appDatabaseUrl: config.appDatabaseUrl,
      appRolePassword: config.appDbPassword,
      dataDir: config.dataDir,
      log,
    });
  } catch (error) {
    throw new StartupError(`cannot start the embedded PostgreSQL in ${config.dataDir}: ${(error as Error).message}`);
  }
  try {
    const applied = await migrate(runtime.ownerUrl);
    if (!config.appDatabaseUrl) await enableAppRoleLogin(runtime.ownerUrl, runtime.appRolePassword);
    return { runtime, applied };
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    throw new StartupError(describeDatabaseError(runtime.ownerUrl, error));
  }
}

/** The operator's view of a connection failure: where, and which of the usual causes. */
export function describeDatabaseError(url: string, error: unknown): string {
  const where = describeServer(url);
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused — is the server running and listening there?',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
    '28P01': 'password authentication failed',
    '28000': 'the server refused this role (pg_hba.conf or role missing)',
    '3D000': 'the database does not exist',
    '42501': 'the role lacks a privilege the migrations need',
  };
  const reason = (code && reasons[code]) ?? message?.split('\n')[0] ?? String(error);
  return `cannot use PostgreSQL at ${where}: ${reason}`;
}

/**
 * The key that encrypts personal data: DAHE_DATA_KEY, or (embedded mode only) one generated once and
 * kept beside the cluster in the data folder, so a newcomer needs no set-up.
 */
export async function personalDataCipher(config: AppConfig, runtime: DatabaseRuntime): Promise<PersonalDataCipher> {
  if (config.dataKey) return PersonalDataCipher.fromBase64(config.dataKey);
  if (runtime.mode !== 'embedded') throw new StartupError('DAHE_DATA_KEY is required with DATABASE_URL');
  const file = join(config.dataDir, 'data-key');
  try {
    return PersonalDataCipher.fromBase64((await readFile(file, 'utf8')).trim());
  } catch {
    await mkdir(config.dataDir, { recursive: true });
    const key = randomBytes(32).toString('base64');
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return PersonalDataCipher.fromBase64((await readFile(file, 'utf8')).trim());
  }
}
