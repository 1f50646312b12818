import { AuthRoutes, ErrorCode } from '@dahe/shared/contracts';
import { isApiErrorBody } from '../http/http-error-message';

/** Where a signed-in person lands. */
export const HOME_URL = '/workspace';
export const LOGIN_URL = '/login';

/**
 * A `returnUrl` that is safe to navigate to after signing in: an absolute path inside this app.
 * Anything else (another origin, `//host`, a backslash trick, a control character, the login page
 * itself) is refused, so the sign-in page cannot be turned into an open redirect.
 */
export function safeReturnUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return undefined;
  const path = raw.split(/[?#]/, 1)[0] ?? '';
  if (path === LOGIN_URL || path.startsWith(`${LOGIN_URL}/`)) return undefined;
  return raw;
}

/** The query of the sign-in page that brings the person back to `currentUrl`; none for the home page. */
export function loginQueryParams(currentUrl: string): { returnUrl?: string } {
  const url = safeReturnUrl(currentUrl);
  return url && url !== '/' && url !== HOME_URL ? { returnUrl: url } : {};
}

/** Requests whose 401 is an answer to the caller, not news that the session ended. */
const SELF_HANDLED_401: readonly string[] = [AuthRoutes.login, AuthRoutes.me];

/** 401 codes that are about the credentials just typed, not about the session. */
const NOT_SESSION_CODES: ReadonlySet<string> = new Set([ErrorCode.invalidCredentials, ErrorCode.totpRequired, ErrorCode.totpInvalid]);

/**
 * Whether a failed request means the session is over (expired, revoked, signed out elsewhere), so
 * the app should forget the person and send them to sign in: a 401 from anything other than
 * signing in or loading the session, unless its code is about credentials just typed (a wrong
 * current password when changing it is a 401 too).
 */
export function isSessionExpiry(url: string, status: number, body: unknown): boolean {
  if (status !== 401) return false;
  const path = pathOf(url);
  if (SELF_HANDLED_401.includes(path)) return false;
  return !(isApiErrorBody(body) && NOT_SESSION_CODES.has(body.code));
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://app.invalid/').pathname.replace(/\/+$/, '');
  } catch {
    return url;
  }
}
