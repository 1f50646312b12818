import type { HttpInterceptorFn } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { inject } from '@angular/core';
import { CSRF_COOKIE, CSRF_HEADER } from '@dahe/shared/contracts';
import { csrfTokenFor } from './csrf';

/**
 * Double-submit CSRF protection: repeats the readable `dahe_csrf` cookie in the `x-csrf-token`
 * header of every unsafe request to our own `/api`. A page of another site cannot read the cookie,
 * so it cannot forge the header.
 */
export const csrfInterceptor: HttpInterceptorFn = (req, next) => {
  const document = inject(DOCUMENT);
  if (req.headers.has(CSRF_HEADER)) return next(req);
  const token = csrfTokenFor(req, readCookies(document), document.location.origin, CSRF_COOKIE);
  return next(token ? req.clone({ setHeaders: { [CSRF_HEADER]: token } }) : req);
};

function readCookies(document: Document): string {
  try {
    return document.cookie;
  } catch {
    return ''; // Cookies blocked.
  }
}
