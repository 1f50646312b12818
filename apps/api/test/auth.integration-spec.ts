import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { base32Decode, totpAt } from '@dahe/api/core/util-crypto';
import { DEMO_PASSWORD, createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

describe('sign-in, sessions and passwords', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('signs in with username or e-mail, sets an httpOnly session cookie and a CSRF cookie, and answers /api/me', async () => {
    const session = await login(app, 's1.admin');
    expect(session.body).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String) });
    const sessionCookie = session.cookies.find((c) => c.startsWith('dahe_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    expect(session.cookies.find((c) => c.startsWith('dahe_csrf='))).not.toMatch(/HttpOnly/i);

    const me = await http().get('/api/me').set('Authorization', `Bearer ${session.token}`).expect(200);
    expect(me.body).toMatchObject({
      user: { username: 's1.admin', displayName: '张明（学校管理员）', totpEnabled: false },
      activeOrganisation: { name: '郑州黄河职业技术学院', kind: 'school', schoolType: 'higher_vocational' },
      roles: ['school_admin'],
      mustEnrolTotp: false,
    });
    expect(me.body.rules.length).toBeGreaterThan(0);
    await login(app, 's1.admin@demo.dahe.local');
  });

  it('refuses unknown users and wrong passwords alike, without saying which', async () => {
    const unknown = await http().post('/api/auth/login').send({ username: 'nobody', password: 'whatever-1A' }).expect(401);
    const wrong = await http().post('/api/auth/login').send({ username: 's1.drafter', password: 'whatever-1A' }).expect(401);
    expect(unknown.body).toMatchObject({ code: 'invalid_credentials', message: 'Wrong username or password' });
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', message: 'Wrong username or password' });
  });

  it('rejects unknown fields and wrong types in the body', async () => {
    const res = await http().post('/api/auth/login').send({ username: 's1.admin', password: DEMO_PASSWORD, orgId: 'x' }).expect(400);
    expect(res.body.details).toContain('property orgId should not exist');
    await http().post('/api/auth/login').send({ username: 42, password: DEMO_PASSWORD }).expect(400);
  });

  it('locks an account after five failures for fifteen minutes, audits it, and a security admin… (lock survives the right password)', async () => {
    for (let i = 1; i <= 4; i++) {
      await http().post('/api/auth/login').send({ username: 's2.drafter', password: `Wrong-pass-${i}` }).expect(401);
    }
    const fifth = await http().post('/api/auth/login').send({ username: 's2.drafter', password: 'Wrong-pass-5' }).expect(423);
    expect(fifth.body.code).toBe('account_locked');
    const until = Date.parse(fifth.body.lockedUntil);
    expect(until - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    await http().post('/api/auth/login').send({ username: 's2.drafter', password: DEMO_PASSWORD }).expect(423);

    const events = await owner<{ action: string; data: { reason?: string } }>(
      `SELECT e.action, e.data FROM audit_event e JOIN app_user u ON u.id::text = e.subject_id WHERE u.username = 's2.drafter' ORDER BY e.seq`,
    );
    expect(events.map((e) => e.action)).toEqual([...Array(5).fill('auth.login_failed'), 'auth.account_locked', 'auth.login_failed']);
    expect(events.at(-1)?.data.reason).toBe('locked');
  });

  it('counts parallel wrong guesses exactly: eight at once lock the account, none slips past', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => http().post('/api/auth/login').send({ username: 's1.legal', password: `Parallel-guess-${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 423, 423, 423, 423]);
    await http().post('/api/auth/login').send({ username: 's1.legal', password: DEMO_PASSWORD }).expect(423);
    await owner(`UPDATE app_user SET locked_until = NULL, failed_logins = 0 WHERE username = 's1.legal'`);
    await owner(`DELETE FROM rate_limit`);
  });

  it('requires the CSRF header for unsafe requests authenticated by cookie, not for bearer tokens', async () => {
    const session = await login(app, 'zz.reviewer');
    const hkg = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '郑州航空港经济综合实验区教育局'`);
    const body = { organisationId: hkg[0]!.id };
    const refused = await http().post('/api/me/active-org').set('Cookie', session.cookieHeader).send(body).expect(403);
    expect(refused.body.code).toBe('csrf_failed');
    await http().post('/api/me/active-org').set('Cookie', session.cookieHeader).set('X-CSRF-Token', 'forged-value').send(body).expect(403);
    const switched = await http().post('/api/me/active-org').set('Cookie', session.cookieHeader).set('X-CSRF-Token', session.csrf).send(body).expect(200);
    expect(switched.body.activeOrganisation.name).toBe('郑州航空港经济综合实验区教育局');
    expect(switched.body.memberships).toHaveLength(2);
    await http().post('/api/me/active-org').set('Authorization', `Bearer ${session.token}`).send(body).expect(200);
  });

  it('will not switch to an organisation the person is not a member of, and says only "not found"', async () => {
    const session = await login(app, 'zz.reviewer');
    const school = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '郑州黄河职业技术学院'`);
    const res = await http().post('/api/me/active-org').set('Authorization', `Bearer ${session.token}`).send({ organisationId: school[0]!.id }).expect(404);
    expect(res.body.code).toBe('not_found');
  });

  it('expires a session after 30 idle minutes and after 12 hours in any case', async () => {
    const idle = await login(app, 's1.viewer');
    await owner(`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = (SELECT id FROM app_user WHERE username = 's1.viewer')`);
    expect((await http().get('/api/me').set('Authorization', `Bearer ${idle.token}`).expect(401)).body.code).toBe('session_expired');

    const old = await login(app, 's1.viewer');
    await http().get('/api/me').set('Authorization', `Bearer ${old.token}`).expect(200);
    await owner(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE username = 's1.viewer')`);
    expect((await http().get('/api/me').set('Authorization', `Bearer ${old.token}`).expect(401)).body.code).toBe('session_expired');
  });

  it('revokes the session on logout, server-side', async () => {
    const session = await login(app, 's1.contact');
    await http().post('/api/auth/logout').set('Authorization', `Bearer ${session.token}`).expect(204);
    expect((await http().get('/api/me').set('Authorization', `Bearer ${session.token}`).expect(401)).body.code).toBe('unauthorized');
  });

  it('changes a password under the policy and revokes every session', async () => {
    const first = await login(app, 's2.contact');
    const second = await login(app, 's2.contact');
    const auth = { Authorization: `Bearer ${first.token}` };
    const weak = await http().post('/api/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: 'short' }).expect(400);
    expect(weak.body).toMatchObject({ code: 'weak_password', details: ['too_short', 'too_few_classes'] });
    const named = await http().post('/api/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: 'S2.Contact-2024x' }).expect(400);
    expect(named.body.details).toEqual(['contains_name']);
    await http().post('/api/auth/password').set(auth).send({ currentPassword: 'Not-The-Current-1', newPassword: 'Yellow-River-2024' }).expect(401);
    await http().post('/api/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: 'Yellow-River-2024' }).expect(204);
    await http().get('/api/me').set(auth).expect(401);
    await http().get('/api/me').set('Authorization', `Bearer ${second.token}`).expect(401);
    await login(app, 's2.contact', 'Yellow-River-2024');
  });

  it('enrols a TOTP second factor, then requires it at sign-in, accepting a one-time recovery code', async () => {
    const session = await login(app, 's2.legal');
    const auth = { Authorization: `Bearer ${session.token}` };
    const setup = await http().post('/api/auth/totp/setup').set(auth).expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrSvg).toContain('<svg');
    await http().post('/api/auth/totp/enable').set(auth).send({ code: '000000' === totpAt(setup.body.secret, Date.now()) ? '111111' : '000000' }).expect(401);
    const enabled = await http().post('/api/auth/totp/enable').set(auth).send({ code: totpAt(setup.body.secret, Date.now()) }).expect(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(base32Decode(setup.body.secret)).toHaveLength(20);

    const noCode = await http().post('/api/auth/login').send({ username: 's2.legal', password: DEMO_PASSWORD }).expect(401);
    expect(noCode.body.code).toBe('totp_required');
    const badCode = await http().post('/api/auth/login').send({ username: 's2.legal', password: DEMO_PASSWORD, totp: '12345678' }).expect(401);
    expect(badCode.body.code).toBe('totp_invalid');
    await login(app, 's2.legal', DEMO_PASSWORD, totpAt(setup.body.secret, Date.now()));
    const recovery = enabled.body.recoveryCodes[0];
    await login(app, 's2.legal', DEMO_PASSWORD, recovery);
    await http().post('/api/auth/login').send({ username: 's2.legal', password: DEMO_PASSWORD, totp: recovery }).expect(401);
  });

  it('keeps the org chain of audit events intact and verifiable', async () => {
    const rows = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.login'`);
    expect(rows[0]!.n).toBeGreaterThan(5);
    const broken = await owner<{ org_id: string }>(`
      SELECT e.org_id FROM audit_event e
        LEFT JOIN audit_event p ON p.org_id = e.org_id AND p.chain = e.chain AND p.seq = e.seq - 1
       WHERE (e.seq = 1 AND e.prev_hash <> '\\x${'00'.repeat(32)}'::bytea) OR (e.seq > 1 AND (p.hash IS NULL OR p.hash <> e.prev_hash))`);
    expect(broken).toEqual([]);
  });
});

describe('second factor required (DAHE_REQUIRE_2FA)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db, { requireTwoFactor: true });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('makes province_admin enrol at first sign-in before doing anything else', async () => {
    const session = await login(app, 'prov.admin');
    const auth = { Authorization: `Bearer ${session.token}` };
    expect((await request(app.getHttpServer()).get('/api/me').set(auth).expect(200)).body.mustEnrolTotp).toBe(true);
    const province = (await request(app.getHttpServer()).get('/api/me').set(auth)).body.activeOrganisation.id;
    expect((await request(app.getHttpServer()).post('/api/me/active-org').set(auth).send({ organisationId: province }).expect(403)).body.message).toBe('Enrol a second factor first');
    const setup = await request(app.getHttpServer()).post('/api/auth/totp/setup').set(auth).expect(200);
    await request(app.getHttpServer()).post('/api/auth/totp/enable').set(auth).send({ code: totpAt(setup.body.secret, Date.now()) }).expect(200);
    expect((await request(app.getHttpServer()).get('/api/me').set(auth).expect(200)).body.mustEnrolTotp).toBe(false);
    await request(app.getHttpServer()).post('/api/me/active-org').set(auth).send({ organisationId: province }).expect(200);
  });

  it('does not ask it of a drafter', async () => {
    const session = await login(app, 's1.drafter');
    expect((await request(app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${session.token}`)).body.mustEnrolTotp).toBe(false);
  });
});
