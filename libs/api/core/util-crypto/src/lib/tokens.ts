import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An unguessable bearer secret (session, invitation), 256 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a leaked table grants no session. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The CSRF value bound to one session token (double-submit cookie, unforgeable without the token). */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('dahe/csrf').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
