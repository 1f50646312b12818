import { HttpContextToken, HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { NzMessageService } from 'ng-zorro-antd/message';
import { catchError, throwError } from 'rxjs';
import { I18nService } from '../i18n/i18n.service';
import { describeHttpError } from './http-error-message';

/**
 * Set to `false` on a request whose caller shows the error itself (an inline error state),
 * so the user does not get the same news twice: `new HttpContext().set(NOTIFY_HTTP_ERRORS, false)`.
 */
export const NOTIFY_HTTP_ERRORS = new HttpContextToken<boolean>(() => true);

const MESSAGE_SECONDS = 5;
/** Long enough to write the request id down; the message also stays while hovered. */
const MESSAGE_WITH_REQUEST_ID_SECONDS = 15;

/**
 * Shows a translated message for every failed request (status 0, 4xx, 5xx), with the request id
 * for server errors, then rethrows so callers still see the error.
 */
export const httpErrorInterceptor: HttpInterceptorFn = (req, next) => {
  const messages = inject(NzMessageService);
  const i18n = inject(I18nService);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && req.context.get(NOTIFY_HTTP_ERRORS)) {
        const { key, params, requestId } = describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER));
        messages.error(i18n.t(key, params), {
          nzDuration: (requestId ? MESSAGE_WITH_REQUEST_ID_SECONDS : MESSAGE_SECONDS) * 1000,
        });
      }
      return throwError(() => error);
    }),
  );
};
