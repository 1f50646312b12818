import { ErrorCode } from '@dahe/shared/contracts';

/**
 * A failure the API means to report: a code from {@link ErrorCode} (what the UI translates) and an
 * English message for developers. Domains throw these; the filter maps codes to statuses.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
    /** Further fields of the error body, e.g. `lockedUntil`. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppException';
  }
}

/** Exhaustive: a new code without a status is a compile error. */
export const STATUS_OF_ERROR_CODE: Record<ErrorCode, number> = {
  [ErrorCode.validationFailed]: 400,
  [ErrorCode.unauthorized]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.preconditionFailed]: 412,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.preconditionRequired]: 428,
  [ErrorCode.tooManyRequests]: 429,
  [ErrorCode.internal]: 500,
  [ErrorCode.serviceUnavailable]: 503,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.totpRequired]: 401,
  [ErrorCode.totpInvalid]: 401,
  [ErrorCode.sessionExpired]: 401,
  [ErrorCode.csrfFailed]: 403,
  [ErrorCode.separationOfDuties]: 409,
  [ErrorCode.weakPassword]: 400,
  [ErrorCode.accountLocked]: 423,
  [ErrorCode.invitationInvalid]: 410,
  [ErrorCode.importRejected]: 422,
  [ErrorCode.notReady]: 409,
  // 403, not 401: a wrong password here is not an expired session, and must not sign the person out.
  [ErrorCode.reauthenticationFailed]: 403,
  [ErrorCode.deadlinePassed]: 409,
  [ErrorCode.contentChanged]: 409,
  [ErrorCode.correctionClosed]: 409,
  [ErrorCode.reviewLocked]: 409,
  [ErrorCode.reviewIncomplete]: 422,
  [ErrorCode.notUnderReview]: 422,
};
