import { createHash } from 'node:crypto';
import { canonicalJson } from '@dahe/shared/contracts';
import type { HashAlgorithm, StoredAuditEvent } from './audit-event';

/** The first event of a chain links to 32 zero bytes. */
export const GENESIS_HASH = Buffer.alloc(32);

/** hash = H(prev_hash ‖ canonical JSON of every recorded field); H is SM3 (GB/T 32905) or SHA-256. */
export function auditEventHash(event: Omit<StoredAuditEvent, 'hash' | 'prevHash'>, prevHash: Buffer, alg: HashAlgorithm): Buffer {
  const body = canonicalJson({
    orgId: event.orgId,
    chain: event.chain,
    seq: event.seq,
    id: event.id,
    occurredAt: event.occurredAt,
    action: event.action,
    actorUserId: event.actorUserId,
    actorRole: event.actorRole,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    ip: event.ip,
    data: event.data,
    alg,
  });
  return createHash(alg).update(prevHash).update(body, 'utf8').digest();
}
