import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidCreditCode } from '@dahe/shared/contracts';
import { DEMO_USERS } from '../src/database/seed/demo-organisations';
import { seedDemo } from '../src/database/seed/demo-seed';
import { DEMO_PASSWORD, testCipher } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

describe('the demo seed', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('seeds once even when two processes race on an empty database', async () => {
    const options = { cipher: testCipher, password: DEMO_PASSWORD };
    const results = await Promise.all([seedDemo(db.ownerUrl, options), seedDemo(db.ownerUrl, options)]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const again = await seedDemo(db.ownerUrl, options);
    expect(again.seeded).toBe(false);
  });

  it('builds the tree province → supervising units → schools of both kinds with valid credit codes', async () => {
    const rows = await withClient(db.ownerUrl, async (client) =>
      (
        await client.query<{ kind: string; name: string; school_type: string | null; parent_kind: string | null; credit_code: string }>(
          `SELECT o.kind, o.name, o.school_type, p.kind AS parent_kind, o.credit_code
             FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id`,
        )
      ).rows,
    );
    const province = rows.filter((r) => r.kind === 'province');
    const supervisors = rows.filter((r) => r.kind === 'supervisor');
    const schools = rows.filter((r) => r.kind === 'school');
    expect(province.map((r) => r.name)).toEqual(['河南省教育厅']);
    expect(supervisors.map((r) => r.name)).toEqual(expect.arrayContaining(['郑州市教育局', '洛阳市教育局', '新乡市教育局', '济源示范区教育局']));
    expect(supervisors.every((r) => r.parent_kind === 'province')).toBe(true);
    expect(schools.length).toBeGreaterThanOrEqual(12);
    expect(schools.every((r) => r.parent_kind === 'supervisor')).toBe(true);
    expect(new Set(schools.map((r) => r.school_type))).toEqual(new Set(['higher_vocational', 'secondary_vocational']));
    expect(rows.every((r) => isValidCreditCode(r.credit_code))).toBe(true);
    expect(new Set(rows.map((r) => r.credit_code)).size).toBe(rows.length);
  });

  it('opens the 2024 call, its deadline 30 days out at 24:00 Beijing time, with applications in several states', async () => {
    const [call] = await withClient(db.ownerUrl, async (client) => (await client.query<{ id: string; status: string; deadline: Date; country_risk: Record<string, string> }>(`SELECT * FROM call`)).rows);
    expect(call).toMatchObject({ status: 'open' });
    const days = (call!.deadline.getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(29.5);
    expect(days).toBeLessThan(31.5);
    expect(call!.deadline.getUTCHours()).toBe(16);
    expect(Object.values(call!.country_risk)).toEqual(expect.arrayContaining(['ok', 'caution', 'prohibited']));
    const states = await withClient(db.ownerUrl, async (client) => (await client.query<{ state: string }>(`SELECT DISTINCT state FROM application ORDER BY state`)).rows.map((r) => r.state));
    expect(states.length).toBeGreaterThanOrEqual(3);
  });

  it('creates the accounts scripts rely on, and keeps no mobile number in clear', async () => {
    const users = await withClient(db.ownerUrl, async (client) =>
      (await client.query<{ username: string; mobile_enc: Buffer | null; password_hash: string }>(`SELECT username, mobile_enc, password_hash FROM app_user`)).rows,
    );
    const names = users.map((u) => u.username);
    for (const expected of ['prov.admin', 'prov.security', 'prov.auditor', 'prov.officer', 'expert1', 'expert2', 'expert3', 'zz.reviewer', 'ly.reviewer', 's1.admin', 's1.contact', 's1.drafter', 's1.legal', 's2.admin', 's2.contact', 's2.drafter', 's2.legal']) {
      expect(names).toContain(expected);
    }
    expect(users.every((u) => u.password_hash.startsWith('$argon2id$'))).toBe(true);
    const admin = users.find((u) => u.username === 's1.admin');
    expect(admin?.mobile_enc).toBeInstanceOf(Buffer);
    expect(testCipher.decrypt(admin!.mobile_enc!)).toBe('13700371001');
    // What a pg_dump would hold: no phone number anywhere in the table's text.
    const dump = await withClient(db.ownerUrl, async (client) => (await client.query<{ t: string }>(`SELECT string_agg(app_user::text, ' ') AS t FROM app_user`)).rows[0]!.t);
    for (const mobile of DEMO_USERS.flatMap((u) => (u.mobile ? [u.mobile] : []))) expect(dump).not.toContain(mobile);
  });
});
