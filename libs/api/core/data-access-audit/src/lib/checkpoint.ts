import { type KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '@dahe/shared/contracts';
import type { HashAlgorithm } from './audit-event';

/** The last event of one chain, as a checkpoint records it. */
export interface ChainHead {
  orgId: string;
  chain: string;
  seq: number;
  /** Hex. */
  hash: string;
}

/**
 * Every chain head at one moment, combined into one Merkle root and signed with the deployment's
 * Ed25519 key. Kept outside the database: whoever can rewrite the database cannot rewrite these.
 */
export interface Checkpoint {
  format: 'dahe-checkpoint/1';
  createdAt: string;
  alg: HashAlgorithm;
  /** Hex Merkle root over {@link heads}, sorted by organisation and chain. */
  root: string;
  heads: ChainHead[];
  /** The signer's public key (SPKI DER, base64), to tell which key signed; trust comes from the configured key. */
  publicKey: string;
  /** Ed25519 over the canonical JSON (RFC 8785) of everything above. */
  signature: string;
}

const byChain = (a: ChainHead, b: ChainHead) => (a.orgId === b.orgId ? (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) : a.orgId < b.orgId ? -1 : 1);

/**
 * Merkle root: leaf = H(0x00 ‖ canonical JSON of the head), node = H(0x01 ‖ left ‖ right), an odd node
 * carried up as is (the prefixes keep a leaf from passing for a node). No heads: H of nothing.
 */
export function merkleRoot(heads: readonly ChainHead[], alg: HashAlgorithm): Buffer {
  const h = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash(alg)).digest();
  let level: Buffer[] = [...heads].sort(byChain).map((head) => h(Buffer.from([0]), Buffer.from(canonicalJson({ orgId: head.orgId, chain: head.chain, seq: head.seq, hash: head.hash }), 'utf8')));
  if (level.length === 0) return h();
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right ? h(Buffer.from([1]), left, right) : left);
    }
    level = next;
  }
  return level[0] as Buffer;
}

function signedPart(checkpoint: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ format: checkpoint.format, createdAt: checkpoint.createdAt, alg: checkpoint.alg, root: checkpoint.root, heads: checkpoint.heads, publicKey: checkpoint.publicKey }), 'utf8');
}

export function createCheckpoint(heads: readonly ChainHead[], alg: HashAlgorithm, privateKey: KeyObject, createdAt = new Date()): Checkpoint {
  const sorted = [...heads].sort(byChain);
  const body = {
    format: 'dahe-checkpoint/1' as const,
    createdAt: createdAt.toISOString(),
    alg,
    root: merkleRoot(sorted, alg).toString('hex'),
    heads: sorted,
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
  };
  return { ...body, signature: sign(null, signedPart(body), privateKey).toString('base64') };
}

/** Why a checkpoint cannot be trusted, or undefined when its signature (by `publicKey`) and root hold. */
export function checkpointProblem(checkpoint: Checkpoint, publicKey: KeyObject): string | undefined {
  if (checkpoint.format !== 'dahe-checkpoint/1') return `unknown checkpoint format ${JSON.stringify(checkpoint.format)}`;
  if (checkpoint.publicKey !== publicKey.export({ type: 'spki', format: 'der' }).toString('base64')) return 'signed with another key than this deployment’s checkpoint key';
  if (!verify(null, signedPart(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'))) return 'signature does not verify';
  if (merkleRoot(checkpoint.heads, checkpoint.alg).toString('hex') !== checkpoint.root) return 'Merkle root does not match its chain heads';
  return undefined;
}

export interface CheckpointFinding {
  orgId: string;
  chain: string;
  reason: string;
}

/**
 * Compares the chains as they are now with a trusted checkpoint: every chain it recorded must still
 * hold an event at the recorded sequence number with the recorded hash. A chain may have grown since;
 * a shorter one was truncated, a different hash means the chain was rewritten from there or earlier.
 * `eventAt` answers the hash stored at (org, chain, seq), and the chain's length.
 */
export async function compareWithCheckpoint(
  checkpoint: Checkpoint,
  eventAt: (orgId: string, chain: string, seq: number) => Promise<{ length: number; hash?: string }>,
): Promise<CheckpointFinding[]> {
  const findings: CheckpointFinding[] = [];
  for (const head of checkpoint.heads) {
    const { length, hash } = await eventAt(head.orgId, head.chain, head.seq);
    if (length === 0) findings.push({ orgId: head.orgId, chain: head.chain, reason: `chain deleted: the checkpoint of ${checkpoint.createdAt} recorded ${head.seq} event(s)` });
    else if (length < head.seq) findings.push({ orgId: head.orgId, chain: head.chain, reason: `chain truncated: ${length} event(s) now, the checkpoint of ${checkpoint.createdAt} recorded ${head.seq}` });
    else if (hash !== head.hash) findings.push({ orgId: head.orgId, chain: head.chain, reason: `chain rewritten: event #${head.seq} differs from the checkpoint of ${checkpoint.createdAt}` });
  }
  return findings;
}
