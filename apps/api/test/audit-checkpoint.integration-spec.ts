import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService, applicationChain } from '@dahe/api/core/data-access-audit';
import type { Sql } from '@dahe/api/core/data-access-db';
import { checkAgainstLatestCheckpoint, checkpointKey, writeCheckpoint } from '../src/audit-checkpoint';
import { verifyAllChains } from '../src/audit-verify';
import { seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** Truncation and rewriting keep every chain consistent in itself: only the signed checkpoint outside the database shows them. */
describe('audit checkpoints', () => {
  let db: TestDatabase;
  let dir: string;
  let dataDir: string;
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const asOwnerBypassingTriggers = async (work: (c: import('pg').Client) => Promise<unknown>) =>
    withClient(db.ownerUrl, async (c) => {
      await c.query(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
      try {
        await work(c);
      } finally {
        await c.query(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      }
    });
  let submittedChain: { orgId: string; chain: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    dataDir = await mkdtemp(join(tmpdir(), 'dahe-checkpoint-'));
    dir = join(dataDir, 'checkpoints');
    const [row] = await owner<{ org_id: string; id: string }>(`SELECT org_id, id FROM application WHERE state = 'submitted'`);
    submittedChain = { orgId: row!.org_id, chain: applicationChain(row!.id) };
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the deployment key once in the data folder and keeps it', async () => {
    const first = await checkpointKey(undefined, dataDir);
    const second = await checkpointKey(undefined, dataDir);
    expect(first.asymmetricKeyType).toBe('ed25519');
    expect(first.export({ type: 'pkcs8', format: 'pem' })).toEqual(second.export({ type: 'pkcs8', format: 'pem' }));
    const pem = (await readFile(join(dataDir, 'checkpoint-key.pem'), 'utf8')).trim();
    expect((await checkpointKey(pem, '/nonexistent')).export({ type: 'pkcs8', format: 'pem' })).toEqual(first.export({ type: 'pkcs8', format: 'pem' }));
  });

  it('writes every chain head, signed, to a JSON file outside the database, and finds nothing wrong right after', async () => {
    const key = await checkpointKey(undefined, dataDir);
    const { file, checkpoint } = await writeCheckpoint(db.ownerUrl, { dir, key, alg: 'sm3' });
    expect(file.startsWith(dir)).toBe(true);
    const chains = await owner<{ n: number }>(`SELECT count(DISTINCT (org_id, chain))::int AS n FROM audit_event`);
    expect(checkpoint.heads).toHaveLength(chains[0]!.n);
    expect(checkpoint.heads).toContainEqual(expect.objectContaining({ ...submittedChain, seq: 3 }));
    expect(await checkAgainstLatestCheckpoint(db.ownerUrl, dir, key)).toMatchObject({ file, findings: [] });
  });

  it('reports a chain truncated by the owner after the checkpoint, though the chain itself still verifies', async () => {
    const key = await checkpointKey(undefined, dataDir);
    await asOwnerBypassingTriggers((c) => c.query(`DELETE FROM audit_event WHERE org_id = $1 AND chain = $2 AND seq = 3`, [submittedChain.orgId, submittedChain.chain]));
    expect((await verifyAllChains(db.ownerUrl)).find((r) => r.chain === submittedChain.chain)).toMatchObject({ ok: true, events: 2 });
    const report = await checkAgainstLatestCheckpoint(db.ownerUrl, dir, key);
    expect(report.findings).toEqual([{ ...submittedChain, reason: expect.stringMatching(/^chain truncated: 2 event\(s\) now, the checkpoint of .* recorded 3$/) }]);
  });

  it('reports a chain rewritten from the cut on (a new, self-consistent last event)', async () => {
    const key = await checkpointKey(undefined, dataDir);
    await withClient(db.ownerUrl, async (c) => {
      const owned: Sql = {
        rows: async <T extends object>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
        one: async <T extends object>(text: string, params?: unknown[]) => (await c.query(text, params)).rows[0] as T | undefined,
        exec: async (text: string, params?: unknown[]) => (await c.query(text, params)).rowCount ?? 0,
      };
      await c.query('BEGIN');
      await new AuditService('sm3').append(owned, { orgId: submittedChain.orgId, chain: submittedChain.chain, actor: {}, event: { action: 'application.withdrawn', data: { from: 'signed', to: 'withdrawn', contentHash: '' } } });
      await c.query('COMMIT');
    });
    expect((await verifyAllChains(db.ownerUrl)).find((r) => r.chain === submittedChain.chain)).toMatchObject({ ok: true, events: 3 });
    const report = await checkAgainstLatestCheckpoint(db.ownerUrl, dir, key);
    expect(report.findings).toEqual([{ ...submittedChain, reason: expect.stringMatching(/^chain rewritten: event #3 differs/) }]);
  });

  it('refuses a checkpoint file that was edited, or signed with another key', async () => {
    const key = await checkpointKey(undefined, dataDir);
    const [latest] = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort().reverse();
    const file = join(dir, latest!);
    const checkpoint = JSON.parse(await readFile(file, 'utf8'));
    checkpoint.heads = checkpoint.heads.map((h: { chain: string; seq: number }) => (h.chain === submittedChain.chain ? { ...h, seq: 2 } : h));
    await writeFile(file, JSON.stringify(checkpoint));
    expect(await checkAgainstLatestCheckpoint(db.ownerUrl, dir, key)).toMatchObject({ problem: 'signature does not verify' });
    expect(await checkAgainstLatestCheckpoint(db.ownerUrl, dir, generateKeyPairSync('ed25519').privateKey)).toMatchObject({ problem: expect.stringMatching(/another key/) });
    // A new checkpoint over the current state is clean again.
    await writeCheckpoint(db.ownerUrl, { dir, key, alg: 'sm3' }, new Date(Date.now() + 1000));
    expect((await checkAgainstLatestCheckpoint(db.ownerUrl, dir, key)).findings).toEqual([]);
  });
});
