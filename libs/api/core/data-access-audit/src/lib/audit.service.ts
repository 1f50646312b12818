import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Sql } from '@dahe/api/core/data-access-db';
import { type AuditAppend, type HashAlgorithm, ORG_CHAIN, type StoredAuditEvent } from './audit-event';
import { GENESIS_HASH, auditEventHash } from './audit-hash';

interface AuditRow {
  org_id: string;
  chain: string;
  seq: string;
  id: string;
  occurred_at: Date;
  action: string;
  actor_user_id: string | null;
  actor_role: string | null;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  data: Record<string, unknown>;
  alg: HashAlgorithm;
  prev_hash: Buffer;
  hash: Buffer;
}

/**
 * Appends to and verifies the hash-chained audit trail, inside the caller's transaction.
 * Provided with a factory (the algorithm is deployment configuration, not an injectable).
 */
@Injectable()
export class AuditService {
  /** The deployment's hash (DAHE_AUDIT_HASH); content hashes use it too. */
  constructor(readonly algorithm: HashAlgorithm = 'sm3') {}

  /**
   * Appends one event in the caller's transaction, so it commits or rolls back with the change it
   * records. Appends to one chain are serialised by a transaction-level advisory lock; the unique
   * (org, chain, prev_hash) constraint makes a fork impossible even without it.
   */
  async append(sql: Sql, entry: AuditAppend): Promise<StoredAuditEvent> {
    const chain = entry.chain ?? ORG_CHAIN;
    await sql.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`audit:${entry.orgId}:${chain}`]);
    // Through a definer function: the writer may append to a chain it may not read (row-level security).
    const head = await sql.one<{ seq: string; hash: Buffer }>(`SELECT seq, hash FROM dahe_audit_head($1, $2)`, [entry.orgId, chain]);
    const prevHash = head?.hash ?? GENESIS_HASH;
    const event: Omit<StoredAuditEvent, 'hash' | 'prevHash'> = {
      orgId: entry.orgId,
      chain,
      seq: head ? Number(head.seq) + 1 : 1,
      id: randomUUID(),
      // Milliseconds, so the stored timestamptz gives back exactly the hashed text.
      occurredAt: new Date().toISOString(),
      action: entry.event.action,
      actorUserId: entry.actor.userId ?? null,
      actorRole: entry.actor.role ?? null,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      ip: entry.actor.ip ?? null,
      data: entry.event.data as Record<string, unknown>,
      alg: this.algorithm,
    };
    const hash = auditEventHash(event, prevHash, this.algorithm);
    await sql.exec(
      `INSERT INTO audit_event (org_id, chain, seq, id, occurred_at, action, actor_user_id, actor_role, subject_type, subject_id, ip, data, alg, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [event.orgId, chain, event.seq, event.id, event.occurredAt, event.action, event.actorUserId, event.actorRole, event.subjectType, event.subjectId, event.ip, JSON.stringify(event.data), event.alg, prevHash, hash],
    );
    return { ...event, prevHash: prevHash.toString('hex'), hash: hash.toString('hex') };
  }

  /** Events of one chain, oldest first. */
  async list(sql: Sql, orgId: string, chain = ORG_CHAIN, limit = 500): Promise<StoredAuditEvent[]> {
    const rows = await sql.rows<AuditRow>(`SELECT * FROM audit_event WHERE org_id = $1 AND chain = $2 ORDER BY seq LIMIT $3`, [orgId, chain, limit]);
    return rows.map(toStored);
  }

  /** Recomputes a chain: the first event whose link or hash does not hold, if any. */
  async verify(sql: Sql, orgId: string, chain = ORG_CHAIN): Promise<{ ok: boolean; events: number; brokenAt?: { seq: number; id: string; reason: string } }> {
    const rows = await sql.rows<AuditRow>(`SELECT * FROM audit_event WHERE org_id = $1 AND chain = $2 ORDER BY seq`, [orgId, chain]);
    let prev: Buffer = GENESIS_HASH;
    let expectedSeq = 1;
    for (const row of rows) {
      const event = toStored(row);
      const broken = (reason: string) => ({ ok: false, events: rows.length, brokenAt: { seq: event.seq, id: event.id, reason } });
      if (event.seq !== expectedSeq) return broken('sequence gap');
      if (!row.prev_hash.equals(prev)) return broken('link to the previous event does not match');
      if (!auditEventHash(event, prev, event.alg).equals(row.hash)) return broken('content does not match its hash');
      prev = row.hash;
      expectedSeq++;
    }
    return { ok: true, events: rows.length };
  }
}

function toStored(row: AuditRow): StoredAuditEvent {
  return {
    orgId: row.org_id,
    chain: row.chain,
    seq: Number(row.seq),
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    actorUserId: row.actor_user_id,
    actorRole: row.actor_role,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    data: row.data,
    alg: row.alg,
    prevHash: row.prev_hash.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}
