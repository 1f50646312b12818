import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Set to `false` on a request whose caller shows the error itself (an inline error state),
 * so the user does not get the same news twice: `new HttpContext().set(NOTIFY_HTTP_ERRORS, false)`.
 */
export const NOTIFY_HTTP_ERRORS = new HttpContextToken<boolean>(() => true);

/**
 * Set to `false` on a request whose 401 is an answer, not the end of the session (signing in,
 * loading the session, signing out): the error interceptor then does not send the person to /login.
 */
export const HANDLE_SESSION_EXPIRY = new HttpContextToken<boolean>(() => true);

/** A context for requests whose caller handles every failure itself. */
export function quietContext(): HttpContext {
  return new HttpContext().set(NOTIFY_HTTP_ERRORS, false).set(HANDLE_SESSION_EXPIRY, false);
}
