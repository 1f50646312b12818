import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('defaults to port 3000, ./data and the embedded database', () => {
    const config = loadConfig({}, '/srv/dahe');
    expect(config).toMatchObject({ port: 3000, dataDir: '/srv/dahe/data', webDir: '/srv/dahe/dist/apps/web/browser', demoSeed: true, logLevel: 'info' });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads DATABASE_URL, PORT and DAHE_DATA_DIR', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', PORT: '8080', DAHE_DATA_DIR: '/var/lib/dahe', DAHE_DATA_KEY: KEY }, '/srv');
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', dataDir: '/var/lib/dahe' });
  });

  it('requires a second factor outside the demo unless told otherwise', () => {
    expect(loadConfig({}, '/').requireTwoFactor).toBe(false);
    expect(loadConfig({ DAHE_DEMO_SEED: 'false' }, '/').requireTwoFactor).toBe(true);
    expect(loadConfig({ DAHE_REQUIRE_2FA: 'true' }, '/').requireTwoFactor).toBe(true);
    expect(loadConfig({ DAHE_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16' }, '/').trustedProxies).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });

  it('keeps evidence in PostgreSQL by default, in an S3-compatible bucket when told', () => {
    expect(loadConfig({}, '/').fileStore).toEqual({ kind: 'postgres' });
    expect(loadConfig({ DAHE_FILE_STORE: 'postgres' }, '/').fileStore).toEqual({ kind: 'postgres' });
    expect(loadConfig({ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe-evidence' }, '/').fileStore).toEqual({
      kind: 's3',
      endpoint: undefined,
      region: 'us-east-1',
      bucket: 'dahe-evidence',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: true,
    });
    const env = {
      DAHE_FILE_STORE: 'S3',
      DAHE_S3_ENDPOINT: 'https://oss.example.cn',
      DAHE_S3_REGION: 'cn-north-1',
      DAHE_S3_BUCKET: 'dahe',
      DAHE_S3_ACCESS_KEY_ID: 'AKID',
      DAHE_S3_SECRET_ACCESS_KEY: 'secret',
      DAHE_S3_FORCE_PATH_STYLE: 'false',
    };
    expect(loadConfig(env, '/').fileStore).toEqual({ kind: 's3', endpoint: 'https://oss.example.cn', region: 'cn-north-1', bucket: 'dahe', accessKeyId: 'AKID', secretAccessKey: 'secret', forcePathStyle: false });
  });

  it('writes hand-over messages with links to DAHE_PUBLIC_URL, and sends them by SMTP only when told', () => {
    expect(loadConfig({ PORT: '8080' }, '/').outbox).toEqual({ publicUrl: 'http://localhost:8080', smtpUrl: undefined, smtpFrom: undefined, dispatch: true, intervalMs: 5000, retryBaseMs: 30_000, maxAttempts: 10 });
    const env = { DAHE_PUBLIC_URL: 'https://dahe.example.cn/', DAHE_SMTP_URL: 'smtps://dahe:p%40ss@smtp.example.cn:465', DAHE_SMTP_FROM: '大河工坊 <noreply@example.cn>', DAHE_OUTBOX_INTERVAL_SEC: '2', DAHE_OUTBOX_RETRY_SEC: '60', DAHE_OUTBOX_MAX_ATTEMPTS: '3' };
    expect(loadConfig(env, '/').outbox).toEqual({ publicUrl: 'https://dahe.example.cn', smtpUrl: 'smtps://dahe:p%40ss@smtp.example.cn:465', smtpFrom: '大河工坊 <noreply@example.cn>', dispatch: true, intervalMs: 2000, retryBaseMs: 60_000, maxAttempts: 3 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535; got "abc"'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ PORT: '-1' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'mysql://root@localhost/x' }, 'DATABASE_URL must start with postgres://'],
    [{ DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL must start with postgres://'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL is not a URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ DAHE_DEMO_SEED: 'maybe' }, 'DAHE_DEMO_SEED must be true or false'],
    [{ DAHE_DEMO_PASSWORD: 'short' }, 'DAHE_DEMO_PASSWORD must have at least 10 characters'],
    [{ DAHE_APP_DATABASE_URL: 'postgres://a@b/c' }, 'DAHE_APP_DATABASE_URL needs DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, 'DAHE_DATA_KEY is required with DATABASE_URL'],
    [{ DAHE_DATA_KEY: 'c2hvcnQ=' }, 'DAHE_DATA_KEY must be the base64 of 32 random bytes'],
    [{ DAHE_AUDIT_HASH: 'md5' }, 'DAHE_AUDIT_HASH must be sm3 or sha256'],
    [{ DAHE_TRUSTED_PROXIES: '10.0.0.1, evil.example.com' }, 'DAHE_TRUSTED_PROXIES must list IP addresses'],
    [{ DAHE_FILE_STORE: 'minio' }, 'DAHE_FILE_STORE must be postgres or s3; got "minio"'],
    [{ DAHE_FILE_STORE: 's3' }, 'DAHE_S3_BUCKET is required with DAHE_FILE_STORE=s3'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'Evidence_Bucket' }, 'DAHE_S3_BUCKET must be a bucket name'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe', DAHE_S3_ENDPOINT: 'minio:9000' }, 'DAHE_S3_ENDPOINT must be an http:// or https:// URL'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe', DAHE_S3_REGION: 'eu west' }, 'DAHE_S3_REGION must be a region name'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe', DAHE_S3_ACCESS_KEY_ID: 'AK' }, 'DAHE_S3_ACCESS_KEY_ID needs DAHE_S3_SECRET_ACCESS_KEY too'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe', DAHE_S3_SECRET_ACCESS_KEY: 'SK' }, 'DAHE_S3_SECRET_ACCESS_KEY needs DAHE_S3_ACCESS_KEY_ID too'],
    [{ DAHE_FILE_STORE: 's3', DAHE_S3_BUCKET: 'dahe', DAHE_S3_FORCE_PATH_STYLE: 'sometimes' }, 'DAHE_S3_FORCE_PATH_STYLE must be true or false'],
    [{ DAHE_S3_BUCKET: 'dahe' }, 'DAHE_S3_BUCKET is set but DAHE_FILE_STORE is not s3'],
    [{ DAHE_PUBLIC_URL: 'dahe.example.cn' }, 'DAHE_PUBLIC_URL must be the http:// or https:// address'],
    [{ DAHE_SMTP_URL: 'mail.example.cn:25', DAHE_SMTP_FROM: 'a@b.cn' }, 'DAHE_SMTP_URL must be smtp://user:password@host:port'],
    [{ DAHE_SMTP_URL: 'http://mail.example.cn', DAHE_SMTP_FROM: 'a@b.cn' }, 'DAHE_SMTP_URL must be smtp://'],
    [{ DAHE_SMTP_URL: 'smtp://mail.example.cn:25' }, 'DAHE_SMTP_FROM is required with DAHE_SMTP_URL'],
    [{ DAHE_SMTP_FROM: 'noreply@example.cn' }, 'DAHE_SMTP_FROM is set but DAHE_SMTP_URL is not'],
    [{ DAHE_SMTP_URL: 'smtp://mail.example.cn:25', DAHE_SMTP_FROM: '大河工坊' }, 'DAHE_SMTP_FROM must be an address'],
    [{ DAHE_OUTBOX_RETRY_SEC: '0' }, 'DAHE_OUTBOX_RETRY_SEC must be a whole number from 1 to 86400'],
    [{ DAHE_OUTBOX_INTERVAL_SEC: 'often' }, 'DAHE_OUTBOX_INTERVAL_SEC must be a whole number'],
  ])('rejects %o with one clear line', (env, message) => {
    expect(() => loadConfig(env, '/')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/')).toThrow(message);
  });
});
