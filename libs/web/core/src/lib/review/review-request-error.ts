import { HttpErrorResponse } from '@angular/common/http';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import type { Translatable } from '../session/password-hints';
import { describeReviewError } from './review-view';

/** A failed review request (an HttpClient error, or an answer that could not be read) as {@link describeReviewError} words it. */
export function describeReviewRequestError(error: unknown): Translatable {
  return error instanceof HttpErrorResponse ? describeReviewError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' };
}
