import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { PersonalDataCipher } from '@dahe/api/core/util-crypto';
import { createLogger } from '@dahe/api/core/util-http';
import type { FileStoreOptions } from '@dahe/api/applications/feature-applications';
import { createApp } from '../../src/bootstrap';
import { type DemoSeedResult, seedDemo } from '../../src/database/seed/demo-seed';
import type { TestDatabase } from './test-database';

export const DEMO_PASSWORD = 'Huanghe-Test-2024';

export interface TestAppOptions {
  requireTwoFactor?: boolean;
  trustedProxies?: string[];
  cipher?: PersonalDataCipher;
  /** Where evidence files are kept; PostgreSQL when absent. */
  fileStore?: FileStoreOptions;
}

/** The real Nest app (same createApp as main.ts) on a test database. */
export async function createTestApp(db: TestDatabase, options: TestAppOptions = {}): Promise<NestExpressApplication> {
  const app = await createApp({
    runtime: db,
    logger: createLogger((process.env['DAHE_TEST_LOG_LEVEL'] as 'error' | undefined) ?? 'silent'),
    version: 'test',
    trustedProxies: options.trustedProxies,
    fileStore: options.fileStore,
    auth: { cipher: options.cipher ?? testCipher, requireTwoFactor: options.requireTwoFactor ?? false, auditHash: 'sm3' },
  });
  await app.init();
  return app;
}

export const testCipher = new PersonalDataCipher(randomBytes(32));

export function seedTestDemo(db: TestDatabase, cipher = testCipher): Promise<DemoSeedResult> {
  return seedDemo(db.ownerUrl, { cipher, password: DEMO_PASSWORD });
}

/** Signs in through the API; answers the bearer token and the cookies the web app would keep. */
export async function login(app: NestExpressApplication, username: string, password = DEMO_PASSWORD, totp?: string) {
  const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password, ...(totp ? { totp } : {}) });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = /dahe_csrf=([^;]+)/.exec(cookieHeader)?.[1] ?? '';
  return { token: res.body.accessToken as string, cookies, cookieHeader, csrf, body: res.body };
}
