import type { Sql, TenantContext } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { ErrorCode } from '@dahe/shared/contracts';

export interface ReviewCallRow {
  id: string;
  org_id: string;
  title: string;
  anonymous_review: boolean;
  experts_per_application: number;
  outlier_spread: string;
  correction_until: Date | null;
  results_published_at: Date | null;
}

export function tenantOf(identity: RequestIdentity): TenantContext {
  return { orgPath: identity.org.path, userId: identity.userId };
}

/** The province officer who runs the review (an expert's rule is bound to their own id, so it fails here). */
export function requireOfficer(identity: RequestIdentity): void {
  if (identity.org.kind !== 'province' || !identity.ability.can('update', subject('Review', {}))) {
    throw new AppException(ErrorCode.forbidden, 'Only the province’s officers run the review');
  }
}

export function isOfficer(identity: RequestIdentity): boolean {
  return identity.org.kind === 'province' && identity.ability.can('update', subject('Review', {}));
}

/** An expert acting on their own part of the review. */
export function requireExpert(identity: RequestIdentity): void {
  if (identity.org.kind !== 'province' || !identity.ability.can('score', subject('Review', { expertId: identity.userId }))) {
    throw new AppException(ErrorCode.forbidden, 'Only experts score applications');
  }
}

/** A call of the active province, or "not found or no access" (`lock`: FOR UPDATE, serialising its publication). */
export async function loadReviewCall(sql: Sql, identity: RequestIdentity, callId: string, lock = false): Promise<ReviewCallRow> {
  const call = await sql.one<ReviewCallRow>(
    `SELECT id, org_id, title, anonymous_review, experts_per_application, outlier_spread, correction_until, results_published_at
       FROM call WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [callId],
  );
  if (!call || call.org_id !== identity.org.id) throw new AppException(ErrorCode.notFound, 'Call not found or no access');
  return call;
}

/** The database's own refusal of a change to a submitted review (trigger), as the API's 409. */
export function isReviewLockedError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23514' && /locked once submitted|submitted review/.test(e.message ?? '');
}

/** The database's refusal of an assignment to a school the expert declared a conflict with. */
export function isConflictOfInterestError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23514' && /conflict of interest/.test(e.message ?? '');
}
