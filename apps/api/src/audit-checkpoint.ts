import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { type Checkpoint, type CheckpointFinding, type HashAlgorithm, checkpointProblem, compareWithCheckpoint, createCheckpoint } from '@dahe/api/core/data-access-audit';

/**
 * Checkpoints of the audit trail: every chain head, one Merkle root, signed with the deployment's
 * Ed25519 key, written as JSON files outside the database. A chain catches an edit in its middle; only
 * something kept elsewhere catches a chain cut short or rewritten from some event on.
 */
export interface CheckpointOptions {
  dir: string;
  /** The deployment's signing key. */
  key: KeyObject;
  alg: HashAlgorithm;
}

/**
 * DAHE_CHECKPOINT_KEY (a PKCS#8 PEM, or its DER in base64), or one generated once and kept in the data
 * folder beside the data key (`checkpoint-key.pem`, 0600).
 */
export async function checkpointKey(configured: string | undefined, dataDir: string): Promise<KeyObject> {
  if (configured) return parseKey(configured);
  const file = join(dataDir, 'checkpoint-key.pem');
  try {
    return parseKey(await readFile(file, 'utf8'));
  } catch {
    await mkdir(dataDir, { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // 'wx': two processes starting at once keep the first key.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return parseKey(await readFile(file, 'utf8'));
  }
}

function parseKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN') ? createPrivateKey(trimmed) : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the checkpoint key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

async function asOwner<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-audit-checkpoint' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

/** Reads every chain head (as the owner: all tenants, one snapshot), signs the checkpoint and writes it. */
export async function writeCheckpoint(ownerUrl: string, options: CheckpointOptions, now = new Date()): Promise<{ file: string; checkpoint: Checkpoint }> {
  const heads = await asOwner(ownerUrl, async (client) =>
    (
      await client.query<{ org_id: string; chain: string; seq: string; hash: Buffer }>(
        `SELECT DISTINCT ON (org_id, chain) org_id, chain, seq, hash FROM audit_event ORDER BY org_id, chain, seq DESC`,
      )
    ).rows.map((row) => ({ orgId: row.org_id, chain: row.chain, seq: Number(row.seq), hash: row.hash.toString('hex') })),
  );
  const checkpoint = createCheckpoint(heads, options.alg, options.key, now);
  await mkdir(options.dir, { recursive: true });
  const name = `checkpoint-${checkpoint.createdAt.replace(/[:.]/g, '-')}.json`;
  const file = join(options.dir, name);
  // Written whole or not at all: a reader never sees half a file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  await rename(`${file}.tmp`, file);
  return { file, checkpoint };
}

export interface CheckpointReport {
  /** The latest checkpoint file, or undefined when none was written yet. */
  file?: string;
  createdAt?: string;
  /** The file itself cannot be trusted (signature, key or root). */
  problem?: string;
  findings: CheckpointFinding[];
}

/** Checks the chains against the latest checkpoint in `dir`, verified with the deployment's key. */
export async function checkAgainstLatestCheckpoint(ownerUrl: string, dir: string, key: KeyObject): Promise<CheckpointReport> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^checkpoint-.*\.json$/.test(n)).sort();
  const latest = names.at(-1);
  if (!latest) return { findings: [] };
  const file = join(dir, latest);
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(await readFile(file, 'utf8')) as Checkpoint;
  } catch (error) {
    return { file, problem: `unreadable: ${(error as Error).message}`, findings: [] };
  }
  const problem = checkpointProblem(checkpoint, createPublicKey(key));
  if (problem) return { file, createdAt: checkpoint.createdAt, problem, findings: [] };
  const findings = await asOwner(ownerUrl, (client) =>
    compareWithCheckpoint(checkpoint, async (orgId, chain, seq) => {
      const row = (
        await client.query<{ length: string; hash: Buffer | null }>(
          `SELECT (SELECT count(*) FROM audit_event WHERE org_id = $1 AND chain = $2) AS length,
                  (SELECT hash FROM audit_event WHERE org_id = $1 AND chain = $2 AND seq = $3) AS hash`,
          [orgId, chain, seq],
        )
      ).rows[0];
      return { length: Number(row?.length ?? 0), hash: row?.hash?.toString('hex') };
    }),
  );
  return { file, createdAt: checkpoint.createdAt, findings };
}
