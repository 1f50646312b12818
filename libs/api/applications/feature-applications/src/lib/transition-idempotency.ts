import { createHash } from 'node:crypto';
import type { Sql } from '@dahe/api/core/data-access-db';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type TransitionRequest, type TransitionResponse, canonicalJson } from '@dahe/shared/contracts';

/** How long a key answers with its first result. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Printable ASCII, 1 to 255 characters (a UUID, a ULID, anything a client generates). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's value, checked; `undefined` when the client sent none. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header : [header];
  if (value.length !== 1 || !KEY_PATTERN.test(value[0] ?? '')) {
    throw new AppException(ErrorCode.validationFailed, 'Idempotency-Key must be one value of 1 to 255 printable ASCII characters', ['idempotency_key_invalid']);
  }
  return value[0];
}

/**
 * What makes two requests "the same": the action and what it says. The password and the second factor are
 * proof, not content: they are left out, so no hash of a password is ever stored.
 */
export function requestFingerprint(body: TransitionRequest): Buffer {
  const meaning = { action: body.action, comment: body.comment ?? null, opinion: body.opinion ?? null, decision: body.decision ?? null, contentHash: body.contentHash ?? null };
  return createHash('sha256').update(canonicalJson(meaning), 'utf8').digest();
}

export interface IdempotencyScope {
  orgId: string;
  userId: string;
  applicationId: string;
  key: string;
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; response: TransitionResponse };

/**
 * Claims the key in the caller's transaction, or answers what the first request with it answered.
 * A concurrent duplicate waits on the primary key until the first transaction ends: committed, it finds
 * the stored answer; rolled back (a refusal records nothing), it claims the key and runs the request itself.
 * An expired key is claimed afresh.
 */
export async function claimIdempotencyKey(sql: Sql, scope: IdempotencyScope, fingerprint: Buffer): Promise<Claim> {
  const params = [scope.orgId, scope.userId, scope.applicationId, scope.key, fingerprint, IDEMPOTENCY_TTL_SECONDS];
  const claimed = await sql.one<{ key: string }>(
    `INSERT INTO transition_idempotency (org_id, user_id, application_id, key, request_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
     ON CONFLICT (org_id, user_id, application_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, status = NULL, response = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE transition_idempotency.expires_at <= now()
     RETURNING key`,
    params,
  );
  if (claimed) return { kind: 'claimed' };
  const existing = await sql.one<{ request_hash: Buffer; status: number | null; response: TransitionResponse | null }>(
    `SELECT request_hash, status, response FROM transition_idempotency WHERE org_id = $1 AND user_id = $2 AND application_id = $3 AND key = $4`,
    params.slice(0, 4),
  );
  if (!existing || existing.status === null || existing.response === null) throw new Error('idempotency key neither claimed nor answered');
  if (!existing.request_hash.equals(fingerprint)) {
    throw new AppException(ErrorCode.conflict, 'This Idempotency-Key was already used for a different request on this application; use a new key for a new request', ['idempotency_key_reused']);
  }
  return { kind: 'replay', response: existing.response };
}

/** Stores the answer beside the claim, in the same transaction as the transition it answers. */
export async function recordIdempotentResponse(sql: Sql, scope: IdempotencyScope, response: TransitionResponse): Promise<void> {
  const n = await sql.exec(
    `UPDATE transition_idempotency SET status = 200, response = $5 WHERE org_id = $1 AND user_id = $2 AND application_id = $3 AND key = $4`,
    [scope.orgId, scope.userId, scope.applicationId, scope.key, JSON.stringify(response)],
  );
  if (n !== 1) throw new Error('idempotency claim vanished');
}
