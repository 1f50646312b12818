import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from '@dahe/shared/contracts';
import { csrfTokenFor } from '@dahe/api/core/util-crypto';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[name] : undefined;
}

/** The session cookie (httpOnly) and its CSRF twin (readable by the app, echoed in a header). */
export function setSessionCookies(req: Request, res: Response, token: string, expiresAt: Date): void {
  const common = { sameSite: 'lax' as const, secure: req.secure, path: '/', expires: expiresAt };
  res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  res.cookie(CSRF_COOKIE, csrfTokenFor(token), { ...common, httpOnly: false });
}

export function clearSessionCookies(req: Request, res: Response): void {
  const common = { sameSite: 'lax' as const, secure: req.secure, path: '/' };
  res.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, common);
}
