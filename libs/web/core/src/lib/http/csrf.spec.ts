import { describe, expect, it } from '@jest/globals';
import { CSRF_COOKIE } from '@dahe/shared/contracts';
import { csrfTokenFor, isSameOriginApiUrl, readCookie } from './csrf';

const ORIGIN = 'https://dahe.example.cn';
const COOKIES = `dahe.lang=zh-CN; ${CSRF_COOKIE}=tok%2Bw%3D; other=1`;

describe('readCookie', () => {
  it('finds a cookie among others and percent-decodes it', () => {
    expect(readCookie(COOKIES, CSRF_COOKIE)).toBe('tok+w=');
    expect(readCookie(COOKIES, 'other')).toBe('1');
  });

  it('matches the whole name, not a prefix or suffix', () => {
    expect(readCookie('x_dahe_csrf=a; dahe_csrf_old=b', CSRF_COOKIE)).toBeUndefined();
  });

  it('handles no cookies, empty values, quotes, "=" in values and bad encodings', () => {
    expect(readCookie('', CSRF_COOKIE)).toBeUndefined();
    expect(readCookie('dahe_csrf=', CSRF_COOKIE)).toBe('');
    expect(readCookie('dahe_csrf="quoted"', CSRF_COOKIE)).toBe('quoted');
    expect(readCookie('dahe_csrf=a=b', CSRF_COOKIE)).toBe('a=b');
    expect(readCookie('dahe_csrf=%E0%A4%A', CSRF_COOKIE)).toBe('%E0%A4%A');
  });
});

describe('isSameOriginApiUrl', () => {
  it.each(['/api/auth/logout', '/api', 'api/me', `${ORIGIN}/api/me/active-org`, '/api/x?y=1'])('accepts %s', (url) => {
    expect(isSameOriginApiUrl(url, ORIGIN)).toBe(true);
  });

  it.each([
    '//evil.example/api/x',
    'https://evil.example/api/x',
    'http://dahe.example.cn/api/x', // another scheme is another origin
    'https://dahe.example.cn:8443/api/x',
    '/apis/x',
    '/api/../login',
    '/assets/api/x',
    'http://[bad',
  ])('refuses %s', (url) => {
    expect(isSameOriginApiUrl(url, ORIGIN)).toBe(false);
  });
});

describe('csrfTokenFor', () => {
  const token = (method: string, url: string, cookies = COOKIES) => csrfTokenFor({ method, url }, cookies, ORIGIN, CSRF_COOKIE);

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('sends the cookie on %s to our API', (method) => {
    expect(token(method, '/api/auth/logout')).toBe('tok+w=');
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('sends nothing on a safe %s', (method) => {
    expect(token(method, '/api/me')).toBeUndefined();
  });

  it('never sends the token to another origin or outside /api', () => {
    expect(token('POST', 'https://evil.example/api/auth/logout')).toBeUndefined();
    expect(token('POST', '//evil.example/api/auth/logout')).toBeUndefined();
    expect(token('POST', '/favicon.svg')).toBeUndefined();
  });

  it('sends nothing when there is no (or an empty) CSRF cookie, e.g. before signing in', () => {
    expect(token('POST', '/api/auth/login', 'dahe.lang=en')).toBeUndefined();
    expect(token('POST', '/api/auth/login', 'dahe_csrf=')).toBeUndefined();
  });
});
