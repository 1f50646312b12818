import { describe, expect, it } from '@jest/globals';
import type { ApiErrorBody, ErrorCode } from '@dahe/shared/contracts';
import { isSessionExpiry, loginQueryParams, safeReturnUrl } from './session-urls';

const body = (code: ErrorCode): ApiErrorBody => ({ statusCode: 401, code, message: 'x' });

describe('isSessionExpiry', () => {
  it('is a 401 unauthorized / session_expired from an ordinary API call', () => {
    expect(isSessionExpiry('/api/me/active-org', 401, body('session_expired'))).toBe(true);
    expect(isSessionExpiry('/api/auth/logout', 401, body('unauthorized'))).toBe(true);
    expect(isSessionExpiry('/api/organisations', 401, 'Unauthorized')).toBe(true);
  });

  it('is not the answer of signing in or of loading the session, which their callers handle', () => {
    expect(isSessionExpiry('/api/auth/login', 401, body('invalid_credentials'))).toBe(false);
    expect(isSessionExpiry('/api/auth/login', 401, body('unauthorized'))).toBe(false);
    expect(isSessionExpiry('/api/me', 401, body('session_expired'))).toBe(false);
    expect(isSessionExpiry('/api/me/', 401, body('unauthorized'))).toBe(false);
    expect(isSessionExpiry('https://dahe.example.cn/api/me?x=1', 401, body('unauthorized'))).toBe(false);
  });

  it('is not a wrong current password or code, which are 401s about what was just typed', () => {
    expect(isSessionExpiry('/api/auth/password', 401, body('invalid_credentials'))).toBe(false);
    expect(isSessionExpiry('/api/auth/totp/enable', 401, body('totp_invalid'))).toBe(false);
  });

  it('is never another status', () => {
    for (const status of [0, 400, 403, 404, 423, 500]) expect(isSessionExpiry('/api/x', status, body('unauthorized'))).toBe(false);
  });
});

describe('safeReturnUrl', () => {
  it.each(['/workspace', '/account/password', '/calls/1?tab=files#top'])('keeps the in-app path %s', (url) => {
    expect(safeReturnUrl(url)).toBe(url);
  });

  it.each([
    undefined,
    null,
    42,
    '',
    'workspace',
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/\tevil',
    'javascript:alert(1)',
    '/login',
    '/login?returnUrl=%2Fworkspace',
    '/login/x',
    `/${'a'.repeat(2001)}`,
  ])('refuses %p', (url) => {
    expect(safeReturnUrl(url)).toBeUndefined();
  });
});

describe('loginQueryParams', () => {
  it('brings the person back to where they were', () => {
    expect(loginQueryParams('/account/password')).toEqual({ returnUrl: '/account/password' });
  });

  it('keeps the address clean for the home page and for nothing worth returning to', () => {
    expect(loginQueryParams('/workspace')).toEqual({});
    expect(loginQueryParams('/')).toEqual({});
    expect(loginQueryParams('/login?returnUrl=%2Fx')).toEqual({});
  });
});
