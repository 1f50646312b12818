/** Error codes the API may answer with; the web app maps each to a message in the user's language. */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  notFound: 'not_found',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  conflict: 'conflict',
  preconditionFailed: 'precondition_failed',
  preconditionRequired: 'precondition_required',
  payloadTooLarge: 'payload_too_large',
  tooManyRequests: 'too_many_requests',
  serviceUnavailable: 'service_unavailable',
  internal: 'internal_error',
  // Sign-in and passwords
  invalidCredentials: 'invalid_credentials',
  accountLocked: 'account_locked',
  totpRequired: 'totp_required',
  totpInvalid: 'totp_invalid',
  csrfFailed: 'csrf_failed',
  sessionExpired: 'session_expired',
  weakPassword: 'weak_password',
  separationOfDuties: 'separation_of_duties',
  invitationInvalid: 'invitation_invalid',
  importRejected: 'import_rejected',
  // Sign-off
  /** `submit_for_signature` while the validation report lists failures (`details`: the issue codes). */
  notReady: 'not_ready',
  /** Signing needs the password again, and the second factor where enabled (`details`: what was wrong). */
  reauthenticationFailed: 'reauthentication_failed',
  /** Nothing reaches `submitted` at or after the school's effective deadline. */
  deadlinePassed: 'deadline_passed',
  /** The content no longer has the hash it was frozen (or read) with. */
  contentChanged: 'content_changed',
  // Province review
  /** 补正 (return for correction) while the call does not allow it (no `correction_until`, or past it). */
  correctionClosed: 'correction_closed',
  /** Submitted scores, or a rubric that has submitted scores, no longer change. */
  reviewLocked: 'review_locked',
  /** Submitting scores with criteria unscored (`details`: the criterion ids). */
  reviewIncomplete: 'review_incomplete',
  /** Assigning or deciding an application that is not in a review state (`details`: the application ids). */
  notUnderReview: 'not_under_review',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every error answer. `message` is English, for developers; UIs translate `code`. */
export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** Field-level problems of a validation failure. */
  details?: string[];
  requestId?: string;
}

/** Why a new password was refused; `details` of a `weak_password` error lists these. */
export const PasswordProblem = {
  tooShort: 'too_short',
  tooFewClasses: 'too_few_classes',
  containsName: 'contains_name',
  common: 'common_password',
  sameAsCurrent: 'same_as_current',
} as const;
export type PasswordProblem = (typeof PasswordProblem)[keyof typeof PasswordProblem];

/** The body of a 423 `account_locked`: when the lock ends, ISO 8601 UTC. */
export interface AccountLockedBody extends ApiErrorBody {
  lockedUntil?: string;
}
