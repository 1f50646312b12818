import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { NzMessageService } from 'ng-zorro-antd/message';
import { catchError, throwError } from 'rxjs';
import { I18nService } from '../i18n/i18n.service';
import { SessionService } from '../session/session.service';
import { isSessionExpiry } from '../session/session-urls';
import { HANDLE_SESSION_EXPIRY, NOTIFY_HTTP_ERRORS } from './http-context';
import { describeHttpError } from './http-error-message';

const MESSAGE_SECONDS = 5;
/** Long enough to write the request id down; the message also stays while hovered. */
const MESSAGE_WITH_REQUEST_ID_SECONDS = 15;

/**
 * For every failed request (status 0, 4xx, 5xx), then rethrows so callers still see the error:
 * - a 401 that means the session is over (see `isSessionExpiry`) forgets the person and sends them
 *   to `/login?returnUrl=…`, where a notice says the session expired;
 * - anything else shows a translated message, with the request id for server errors.
 */
export const httpErrorInterceptor: HttpInterceptorFn = (req, next) => {
  const messages = inject(NzMessageService);
  const i18n = inject(I18nService);
  const session = inject(SessionService);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
      if (req.context.get(HANDLE_SESSION_EXPIRY) && isSessionExpiry(req.url, error.status, error.error)) {
        session.expire();
      } else if (req.context.get(NOTIFY_HTTP_ERRORS)) {
        const { key, params, requestId } = describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER));
        messages.error(i18n.t(key, params), {
          nzDuration: (requestId ? MESSAGE_WITH_REQUEST_ID_SECONDS : MESSAGE_SECONDS) * 1000,
        });
      }
      return throwError(() => error);
    }),
  );
};
