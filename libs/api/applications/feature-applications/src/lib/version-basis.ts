import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode } from '@dahe/shared/contracts';

/** A section's strong ETag is its version in quotes. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * Every save names the version it was based on: `If-Match` with the section's strong ETag (a stale one
 * answers 412) or `version` in the body (409). Neither is 428: a blind overwrite is never allowed.
 */
export function versionBasis(ifMatch: string | undefined, version: number | undefined): { version: number; viaIfMatch: boolean } {
  if (ifMatch !== undefined) {
    const match = /^"(\d{1,9})"$/.exec(ifMatch.trim());
    if (!match) throw new AppException(ErrorCode.validationFailed, 'If-Match must be the section\'s strong ETag, e.g. "3"');
    return { version: Number(match[1]), viaIfMatch: true };
  }
  if (version === undefined) throw new AppException(ErrorCode.preconditionRequired, 'Send the version the edit was based on: If-Match or `version`');
  return { version, viaIfMatch: false };
}
