import { describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { type ChainHead, checkpointProblem, compareWithCheckpoint, createCheckpoint, merkleRoot } from './checkpoint';

const head = (n: number, seq = 3): ChainHead => ({ orgId: `0000000${n}-0000-0000-0000-000000000000`, chain: `application:${n}`, seq, hash: String(n).repeat(64).slice(0, 64) });
const heads = [head(1), head(2), head(3)];
const keys = generateKeyPairSync('ed25519');

describe('merkleRoot', () => {
  it('is built from prefixed leaves and nodes, an odd node carried up (computed by hand for three heads)', () => {
    const h = (...parts: Buffer[]) => parts.reduce((hash, p) => hash.update(p), createHash('sm3')).digest();
    const leaf = (c: ChainHead) => h(Buffer.from([0]), Buffer.from(`{"chain":"${c.chain}","hash":"${c.hash}","orgId":"${c.orgId}","seq":${c.seq}}`));
    const expected = h(Buffer.from([1]), h(Buffer.from([1]), leaf(head(1)), leaf(head(2))), leaf(head(3)));
    expect(merkleRoot(heads, 'sm3').equals(expected)).toBe(true);
    expect(merkleRoot([...heads].reverse(), 'sm3').equals(expected)).toBe(true);
  });

  it('changes with any head, a missing head, and the algorithm', () => {
    const root = merkleRoot(heads, 'sm3').toString('hex');
    expect(merkleRoot([head(1), head(2), head(3, 2)], 'sm3').toString('hex')).not.toBe(root);
    expect(merkleRoot([head(1), head(2)], 'sm3').toString('hex')).not.toBe(root);
    expect(merkleRoot(heads, 'sha256').toString('hex')).not.toBe(root);
  });
});

describe('signed checkpoints', () => {
  it('verify with the deployment key and fail with another key, a changed head or a changed root', () => {
    const checkpoint = createCheckpoint(heads, 'sm3', keys.privateKey);
    expect(checkpointProblem(checkpoint, keys.publicKey)).toBeUndefined();
    expect(checkpointProblem(checkpoint, generateKeyPairSync('ed25519').publicKey)).toMatch(/another key/);
    expect(checkpointProblem({ ...checkpoint, heads: [head(1), head(2), head(3, 1)] }, keys.publicKey)).toMatch(/signature/);
    expect(checkpointProblem({ ...checkpoint, root: '00'.repeat(32) }, keys.publicKey)).toMatch(/signature/);
    // Re-signed by an attacker with their own key but claiming ours: the signature fails.
    const forged = createCheckpoint([head(1)], 'sm3', generateKeyPairSync('ed25519').privateKey);
    expect(checkpointProblem({ ...forged, publicKey: checkpoint.publicKey }, keys.publicKey)).toMatch(/signature/);
  });

  it('reports a truncated, a rewritten and a deleted chain, and accepts a chain that grew', async () => {
    const checkpoint = createCheckpoint(heads, 'sm3', keys.privateKey);
    const now: Record<string, { length: number; hash?: string }> = {
      'application:1': { length: 5, hash: head(1).hash },
      'application:2': { length: 2 },
      'application:3': { length: 3, hash: 'ff'.repeat(32) },
    };
    const findings = await compareWithCheckpoint(checkpoint, async (_org, chain) => now[chain] ?? { length: 0 });
    expect(findings.map((f) => [f.chain, f.reason.split(':')[0]])).toEqual([
      ['application:2', 'chain truncated'],
      ['application:3', 'chain rewritten'],
    ]);
    expect(findings[0]!.reason).toContain('2 event(s) now');
    const gone = await compareWithCheckpoint(checkpoint, async () => ({ length: 0 }));
    expect(gone.map((f) => f.reason.split(':')[0])).toEqual(['chain deleted', 'chain deleted', 'chain deleted']);
  });
});
