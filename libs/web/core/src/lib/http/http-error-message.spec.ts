import { describe, expect, it } from '@jest/globals';
import type { ApiErrorBody } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import { describeHttpError, isApiErrorBody } from './http-error-message';

const body = (statusCode: number, requestId?: string): ApiErrorBody => ({
  statusCode,
  code: statusCode >= 500 ? 'internal_error' : 'not_found',
  message: 'for developers',
  ...(requestId ? { requestId } : {}),
});

describe('describeHttpError', () => {
  it.each([
    [0, 'error.network'],
    [401, 'error.unauthorized'],
    [403, 'error.forbidden'],
    [404, 'error.notFound'],
    [409, 'error.conflict'],
    [412, 'error.preconditionFailed'],
    [428, 'error.preconditionRequired'],
    [429, 'error.tooManyRequests'],
  ] as const)('maps %i to %s', (status, key) => {
    expect(describeHttpError(status, body(status)).key).toBe(key);
  });

  it('gives the request id for a 5xx so the user can quote it, from the body first', () => {
    const d = describeHttpError(500, body(500, 'req-123'), 'from-header');
    expect(d).toEqual({ key: 'error.serverWithRequestId', params: { requestId: 'req-123' }, requestId: 'req-123' });
    expect(translate('zh-CN', d.key, d.params)).toContain('req-123');
    expect(translate('en', d.key, d.params)).toContain('req-123');
  });

  it('falls back to the x-request-id header, then to a message without id', () => {
    expect(describeHttpError(503, 'Service Unavailable', 'hdr-9').requestId).toBe('hdr-9');
    expect(describeHttpError(502, null, null)).toEqual({ key: 'error.server' });
  });

  it('treats a failed 2xx as an unreadable answer and anything else as unknown, with its status', () => {
    expect(describeHttpError(200, undefined).key).toBe('error.invalidResponse');
    expect(describeHttpError(418, undefined)).toEqual({ key: 'error.unknown', params: { status: 418 } });
  });
});

describe('describeHttpError by error code', () => {
  it.each([
    [403, 'csrf_failed', 'error.csrfFailed'],
    [401, 'session_expired', 'error.sessionExpired'],
    [423, 'account_locked', 'error.accountLocked'],
    [409, 'separation_of_duties', 'error.separationOfDuties'],
    [401, 'unauthorized', 'error.unauthorized'],
  ] as const)('maps %i %s to %s', (status, code, key) => {
    expect(describeHttpError(status, { statusCode: status, code, message: 'x' }).key).toBe(key);
  });

  it('maps a 423 without a body by its status', () => {
    expect(describeHttpError(423, null).key).toBe('error.accountLocked');
  });
});

describe('isApiErrorBody', () => {
  it('recognises the API error body and nothing else', () => {
    expect(isApiErrorBody(body(404))).toBe(true);
    for (const value of [null, undefined, 'text', { message: 'x' }, { statusCode: '404', code: 'x' }]) {
      expect(isApiErrorBody(value)).toBe(false);
    }
  });
});
