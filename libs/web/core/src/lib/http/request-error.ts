import { HttpErrorResponse } from '@angular/common/http';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { type HttpErrorDescription, describeHttpError } from './http-error-message';

/**
 * A failed HttpClient request as {@link describeHttpError} words it; anything else is an answer we could not
 * read. (Apart from http-error-message.ts, which stays free of Angular for its pure specs.)
 */
export function describeRequestError(error: unknown): HttpErrorDescription {
  return error instanceof HttpErrorResponse ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' };
}
