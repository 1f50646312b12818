import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { verifyAllChains } from '../src/audit-verify';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** Tampering as the owner (the app role cannot), and the verifier finding it. */
describe('verifying the audit chains', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const owner = (sql: string, params: unknown[] = []) => withClient(db.ownerUrl, (c) => c.query(sql, params));
  const tamper = async (sql: string, params: unknown[] = []) => {
    await owner(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
    try {
      await owner(sql, params);
    } finally {
      await owner(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    }
  };
  const orgChain = async () => (await verifyAllChains(db.ownerUrl)).find((r) => r.chain === 'org' && r.events >= 4)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (let i = 0; i < 4; i++) await login(app, 's1.admin');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('finds every chain intact after normal use', async () => {
    const reports = await verifyAllChains(db.ownerUrl);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.ok)).toBe(true);
  });

  it('detects an edited event, and is satisfied again once it is put back', async () => {
    const chain = await orgChain();
    const original = (await owner(`SELECT ip FROM audit_event WHERE org_id = $1 AND chain = 'org' AND seq = 2`, [chain.orgId])).rows[0].ip;
    await tamper(`UPDATE audit_event SET ip = '10.9.9.9' WHERE org_id = $1 AND chain = 'org' AND seq = 2`, [chain.orgId]);
    expect(await orgChain()).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: 'content does not match its hash' } });
    await tamper(`UPDATE audit_event SET ip = $2 WHERE org_id = $1 AND chain = 'org' AND seq = 2`, [chain.orgId, original]);
    expect((await orgChain()).ok).toBe(true);
  });

  it('detects a deleted event and an inserted one', async () => {
    const db2 = await createTestDatabase();
    try {
      await seedTestDemo(db2);
      const app2 = await createTestApp(db2);
      for (let i = 0; i < 4; i++) await login(app2, 's1.admin');
      await app2.close();
      const find = async () => (await verifyAllChains(db2.ownerUrl)).find((r) => r.chain === 'org' && r.events >= 3)!;
      const { orgId } = await find();
      await withClient(db2.ownerUrl, async (c) => {
        await c.query(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
        await c.query(`DELETE FROM audit_event WHERE org_id = $1 AND chain = 'org' AND seq = 2`, [orgId]);
        await c.query(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      });
      expect(await find()).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'sequence gap' } });
      // Put a forged event in the gap: right number, but not the hash the chain expects.
      await withClient(db2.ownerUrl, (c) =>
        c.query(
          `INSERT INTO audit_event (org_id, chain, seq, occurred_at, action, alg, prev_hash, hash, data)
           SELECT org_id, chain, 2, occurred_at, 'auth.login', alg, hash, hash, '{}' FROM audit_event WHERE org_id = $1 AND chain = 'org' AND seq = 1`,
          [orgId],
        ),
      );
      expect((await find()).ok).toBe(false);
    } finally {
      await db2.drop();
    }
  });

  it('detects a re-ordered pair', async () => {
    const chain = await orgChain();
    // Swap events 3 and 4 (through seq 1000 + n, as the primary key allows no two at once).
    await tamper(`UPDATE audit_event SET seq = 1000 + seq WHERE org_id = $1 AND chain = 'org' AND seq IN (3, 4)`, [chain.orgId]);
    await tamper(`UPDATE audit_event SET seq = CASE seq WHEN 1003 THEN 4 ELSE 3 END WHERE org_id = $1 AND chain = 'org' AND seq IN (1003, 1004)`, [chain.orgId]);
    expect(await orgChain()).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'link to the previous event does not match' } });
  });
});
