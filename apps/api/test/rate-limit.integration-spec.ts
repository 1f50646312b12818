import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { hashPassword } from '@dahe/api/identity/feature-auth';
import { DEMO_PASSWORD, createTestApp } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

const IP_LIMIT = 30;
const ACCOUNT_LIMIT = 10;
const ACCOUNT = 'limit.shared';
const FORGERS = Array.from({ length: IP_LIMIT + 3 }, (_, i) => `forger-${i + 1}`);
const PROXIED = Array.from({ length: IP_LIMIT + 3 }, (_, i) => `proxied-${i + 1}`);

/**
 * Sign-in rate limits live in PostgreSQL (table rate_limit), so every API process behind the load
 * balancer shares them; the per-IP bucket uses the address Express resolves through the trusted proxies only.
 */
describe('sign-in rate limits', () => {
  let db: TestDatabase;
  /** Two API processes on one database, as behind a load balancer. */
  let first: NestExpressApplication;
  let second: NestExpressApplication;
  /** Behind a reverse proxy on this host: X-Forwarded-For from loopback is believed. */
  let proxied: NestExpressApplication;

  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const attempt = (app: NestExpressApplication, username: string, forwardedFor?: string, password = 'Not-The-Password-1') => {
    const req = request(app.getHttpServer()).post('/api/auth/login');
    if (forwardedFor !== undefined) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ username, password });
  };
  const buckets = async (pattern: string) =>
    Object.fromEntries((await owner<{ bucket: string; hits: number }>(`SELECT bucket, hits FROM rate_limit WHERE bucket LIKE $1 ORDER BY bucket COLLATE "C"`, [pattern])).map((r) => [r.bucket, r.hits]));
  const expectRefused = (res: request.Response) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'too_many_requests' });
  };
  const expectWrongCredentials = (res: request.Response, what: string) => {
    expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 401, code: 'invalid_credentials' });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Real accounts, each a member of a school, all with DEMO_PASSWORD.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await withClient(db.ownerUrl, async (c) => {
      const province = (await c.query<{ id: string }>(`INSERT INTO organisation (kind, name) VALUES ('province', '限流测试省') RETURNING id`)).rows[0]!.id;
      const supervisor = (await c.query<{ id: string }>(`INSERT INTO organisation (kind, name, parent_id) VALUES ('supervisor', '限流测试局', $1) RETURNING id`, [province])).rows[0]!.id;
      const school = (
        await c.query<{ id: string }>(`INSERT INTO organisation (kind, name, parent_id, school_type) VALUES ('school', '限流测试学校', $1, 'secondary_vocational') RETURNING id`, [supervisor])
      ).rows[0]!.id;
      await c.query(
        `WITH u AS (INSERT INTO app_user (username, display_name, password_hash) SELECT name, name, $2 FROM unnest($1::text[]) AS name RETURNING id)
         INSERT INTO membership (org_id, user_id, role) SELECT $3, id, 'viewer' FROM u`,
        [[ACCOUNT, ...FORGERS, ...PROXIED], passwordHash, school],
      );
    });
    first = await createTestApp(db);
    second = await createTestApp(db);
    proxied = await createTestApp(db, { trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await proxied?.close();
    await db?.drop();
  });
  // Every request here comes from loopback: each test starts with no per-IP hits from the others.
  beforeEach(async () => {
    await owner(`DELETE FROM rate_limit`);
  });

  it('shares the per-account limit between two API processes: 10 attempts across both, the 11th refused on either', async () => {
    for (let i = 1; i <= ACCOUNT_LIMIT; i++) {
      // Keep the 5-failure lock out of the way: only the rate limit may refuse here.
      await owner(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = $1`, [ACCOUNT]);
      expectWrongCredentials(await attempt(i % 2 ? first : second, ACCOUNT), `attempt ${i}`);
    }
    expect(await buckets('login:account:%')).toEqual({ [`login:account:${ACCOUNT}`]: ACCOUNT_LIMIT });
    await owner(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = $1`, [ACCOUNT]);
    // Refused before the password is even looked at: the right one is refused too, on either process.
    expectRefused(await attempt(first, ACCOUNT, undefined, DEMO_PASSWORD));
    expectRefused(await attempt(second, ACCOUNT, undefined, DEMO_PASSWORD));
    // Case and spaces do not make a new bucket.
    expectRefused(await attempt(second, '  Limit.Shared ', undefined, DEMO_PASSWORD));
    // Another account from the same address is not affected.
    expectWrongCredentials(await attempt(first, FORGERS[0]!), 'another account');
    // (Refused attempts may or may not be counted on top; that changes nothing for the client.)
    const accountBuckets = await buckets('login:account:%');
    expect(Object.keys(accountBuckets)).toEqual([`login:account:${FORGERS[0]}`, `login:account:${ACCOUNT}`]);
    expect(accountBuckets[`login:account:${ACCOUNT}`]).toBeGreaterThanOrEqual(ACCOUNT_LIMIT);
    expect(accountBuckets[`login:account:${FORGERS[0]}`]).toBe(1);
    const refusedEvents = await owner<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE subject_id = (SELECT id::text FROM app_user WHERE username = $1)`,
      [ACCOUNT],
    );
    // Ten failed sign-ins audited; the refused ones never reached the account.
    expect(refusedEvents[0]!.n).toBe(ACCOUNT_LIMIT);
  });

  it('counts an unknown username per account too, across both processes', async () => {
    // No account to lock, and each failure is audited on the deployment's own chain.
    for (let i = 1; i <= ACCOUNT_LIMIT; i++) {
      expectWrongCredentials(await attempt(i % 2 ? second : first, 'ghost.shared'), `attempt ${i}`);
    }
    expectRefused(await attempt(first, 'ghost.shared'));
    expectRefused(await attempt(second, 'GHOST.shared'));
    expect((await buckets('login:account:%'))['login:account:ghost.shared']).toBeGreaterThanOrEqual(ACCOUNT_LIMIT);
    const audited = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE org_id = '00000000-0000-0000-0000-000000000000' AND data->>'reason' = 'unknown_user'`);
    expect(audited[0]!.n).toBe(ACCOUNT_LIMIT);
  });

  it('without trusted proxies, ignores a forged X-Forwarded-For: the real address reaches its limit after 30 attempts', async () => {
    for (let i = 1; i <= IP_LIMIT; i++) {
      // A different username each time, so only the per-IP bucket can refuse.
      const forged = i % 3 === 0 ? `203.0.113.${i}, 198.51.100.${i}` : `203.0.113.${i}`;
      expectWrongCredentials(await attempt(first, FORGERS[i - 1]!, forged), `attempt ${i}`);
    }
    expectRefused(await attempt(first, FORGERS[30]!, '192.0.2.31', DEMO_PASSWORD));
    // The other process shares the same bucket of the same real address.
    expectRefused(await attempt(second, FORGERS[31]!, '192.0.2.32', DEMO_PASSWORD));
    expectRefused(await attempt(second, FORGERS[32]!));
    // One bucket, for the socket's loopback address; none for any forged one.
    const ipBuckets = await buckets('login:ip:%');
    expect(Object.keys(ipBuckets)).toHaveLength(1);
    expect(Object.keys(ipBuckets)[0]).toMatch(/^login:ip:(::ffff:)?127\.0\.0\.1$|^login:ip:::1$/);
    expect(Object.values(ipBuckets)[0]).toBeGreaterThanOrEqual(IP_LIMIT);
  });

  it('behind a trusted proxy, limits each forwarded client address on its own', async () => {
    for (let i = 1; i <= IP_LIMIT; i++) {
      expectWrongCredentials(await attempt(proxied, PROXIED[i - 1]!, '198.51.100.7'), `attempt ${i}`);
    }
    expectRefused(await attempt(proxied, PROXIED[30]!, '198.51.100.7', DEMO_PASSWORD));
    // A client's own forged entry in front of what the proxy appended changes nothing.
    expectRefused(await attempt(proxied, PROXIED[31]!, '192.0.2.1, 198.51.100.7'));
    // Another client behind the same proxy is not lumped into that bucket: it even signs in.
    const other = await attempt(proxied, PROXIED[32]!, '198.51.100.8', DEMO_PASSWORD);
    expect({ status: other.status, token: typeof other.body.accessToken }).toEqual({ status: 200, token: 'string' });
    const sessionIp = await owner<{ ip: string }>(`SELECT host(ip) AS ip FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE username = $1)`, [PROXIED[32]]);
    expect(sessionIp).toEqual([{ ip: '198.51.100.8' }]);
    // Nor is the proxy's own address counted.
    const ipBuckets = await buckets('login:ip:%');
    expect(Object.keys(ipBuckets)).toEqual(['login:ip:198.51.100.7', 'login:ip:198.51.100.8']);
    expect(ipBuckets['login:ip:198.51.100.7']).toBeGreaterThanOrEqual(IP_LIMIT);
    expect(ipBuckets['login:ip:198.51.100.8']).toBe(1);
  });
});
