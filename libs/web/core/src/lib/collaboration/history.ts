import { ErrorCode } from '@dahe/shared/contracts';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { EvidenceFailureView } from './evidence';

/** Two versions to compare, the older first. */
export interface VersionPair {
  readonly from: number;
  readonly to: number;
}

/**
 * Pure: which two versions the history compares after a (re)load: the pair chosen before when both
 * still exist, else the newest against the one before it; null with fewer than two versions.
 */
export function comparisonAfterLoad(versions: readonly number[], chosen: VersionPair | null): VersionPair | null {
  const known = new Set(versions);
  if (chosen && chosen.from !== chosen.to && known.has(chosen.from) && known.has(chosen.to)) return chosen;
  const sorted = [...known].sort((a, b) => b - a);
  const [newest, previous] = sorted;
  return newest !== undefined && previous !== undefined ? { from: previous, to: newest } : null;
}

/** Pure: the pair to show when a version of the list is picked: what that save changed. */
export function comparisonFor(versions: readonly number[], version: number): VersionPair | null {
  const older = versions.filter((v) => v < version).sort((a, b) => b - a)[0];
  if (older !== undefined) return { from: older, to: version };
  const newer = versions.filter((v) => v > version).sort((a, b) => a - b)[0];
  return newer !== undefined ? { from: version, to: newer } : null;
}

/** Pure: two versions as picked in either order, the older first. */
export function orderedPair(a: number, b: number): VersionPair {
  return a <= b ? { from: a, to: b } : { from: b, to: a };
}

/** Pure: a refused restore → what to tell the person; `stale` says the list must be reloaded. */
export function describeRestoreFailure(status: number, body: unknown, requestId?: string | null): EvidenceFailureView & { readonly stale: boolean } {
  const api = isApiErrorBody(body) ? body : undefined;
  const current = typeof body === 'object' && body !== null && 'current' in body;
  if ((status === 409 || status === 412) && (current || api?.code === ErrorCode.preconditionFailed)) {
    return { message: { key: 'collab.history.error.stale' }, stale: true };
  }
  if (status === 409) return { message: { key: 'collab.history.error.notDraft' }, detail: api?.message, stale: false };
  if (status === 403) return { message: { key: 'collab.history.error.forbidden' }, detail: api?.message, stale: false };
  if (status === 404) return { message: { key: 'collab.history.error.gone' }, stale: true };
  const { key, params } = describeHttpError(status, body, requestId);
  return { message: { key, params }, stale: false };
}
