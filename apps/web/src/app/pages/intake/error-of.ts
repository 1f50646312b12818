import { HttpErrorResponse } from '@angular/common/http';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { type Translatable, describeHttpError } from '@dahe/web/core';

/** A failed request in words a person understands (the intake page shows its errors in place). */
export function errorOf(error: unknown): Translatable {
  return error instanceof HttpErrorResponse ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' };
}
