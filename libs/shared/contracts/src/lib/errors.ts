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
