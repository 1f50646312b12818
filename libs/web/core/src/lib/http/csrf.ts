/** Methods that change state: the API wants the CSRF token on each of them. */
const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The value of cookie `name` in a `document.cookie` string, or undefined. Values are
 * percent-decoded (as Express encodes them); a malformed encoding is returned as it is.
 */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * Whether `url` (relative or absolute) points at this origin's `/api`. Resolved the way the
 * browser will resolve it, so `//evil.example/api`, `https://other/api` and `/api/../x` are not.
 */
export function isSameOriginApiUrl(url: string, origin: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(url, `${origin}/`);
  } catch {
    return false;
  }
  return resolved.origin === origin && (resolved.pathname === '/api' || resolved.pathname.startsWith('/api/'));
}

export interface CsrfRequest {
  method: string;
  url: string;
}

/**
 * The token to send in the CSRF header, or undefined when none is due: only unsafe methods, only
 * to our own API (the token must never leak to another site), and only when the cookie exists.
 */
export function csrfTokenFor(request: CsrfRequest, cookies: string, origin: string, cookieName: string): string | undefined {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  if (!isSameOriginApiUrl(request.url, origin)) return undefined;
  const token = readCookie(cookies, cookieName);
  return token ? token : undefined;
}
