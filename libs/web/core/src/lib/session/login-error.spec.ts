import { describe, expect, it } from '@jest/globals';
import type { AccountLockedBody, ApiErrorBody, ErrorCode } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import { type LoginFailure, describeLoginError } from './login-error';

const fail = (statusCode: number, code: ErrorCode, extra: Partial<AccountLockedBody> = {}): LoginFailure => ({
  status: statusCode,
  body: { statusCode, code, message: 'for developers', ...extra } satisfies ApiErrorBody,
});

describe('describeLoginError', () => {
  it('asks for the second factor on totp_required, without calling it an error', () => {
    expect(describeLoginError(fail(401, 'totp_required'), 'zh-CN')).toEqual({ step: 'totp', retry: 'totp' });
  });

  it('stays on the code step and asks again on a wrong code', () => {
    const view = describeLoginError(fail(401, 'totp_invalid'), 'zh-CN');
    expect(view).toEqual({ step: 'totp', message: { key: 'login.error.totpInvalid' }, retry: 'totp' });
  });

  it('goes back to the password on wrong credentials, without saying which of the two was wrong', () => {
    const view = describeLoginError(fail(401, 'invalid_credentials'), 'en');
    expect(view).toEqual({ step: 'credentials', message: { key: 'login.error.invalidCredentials' }, retry: 'password' });
    expect(translate('zh-CN', view.message!.key)).toBe('用户名或密码错误，请重新输入。');
    expect(translate('en', view.message!.key)).toMatch(/username or password/);
  });

  it('says until when an account is locked, in Beijing time and the current language', () => {
    const locked = fail(423, 'account_locked', { lockedUntil: '2025-03-01T02:15:00.000Z' });
    const zh = describeLoginError(locked, 'zh-CN');
    expect(zh.message).toEqual({ key: 'login.error.lockedUntil', params: { until: '2025-03-01 10:15:00' } });
    expect(translate('zh-CN', zh.message!.key, zh.message!.params)).toContain('2025-03-01 10:15:00（北京时间）');
    const en = describeLoginError(locked, 'en');
    expect(translate('en', en.message!.key, en.message!.params)).toContain('1 Mar 2025, 10:15:00 (China Standard Time)');
  });

  it('still explains a lock without (or with a broken) lockedUntil, or a bare 423', () => {
    expect(describeLoginError(fail(423, 'account_locked'), 'zh-CN').message).toEqual({ key: 'login.error.locked' });
    expect(describeLoginError(fail(423, 'account_locked', { lockedUntil: 'soon' }), 'zh-CN').message).toEqual({ key: 'login.error.locked' });
    expect(describeLoginError({ status: 423, body: '' }, 'zh-CN').message).toEqual({ key: 'login.error.locked' });
  });

  it.each([
    [fail(429, 'too_many_requests'), 'login.error.tooManyRequests'],
    [{ status: 429, body: 'Too Many Requests' }, 'login.error.tooManyRequests'],
    [fail(400, 'validation_failed'), 'login.error.validation'],
    [fail(403, 'forbidden'), 'login.error.noMembership'],
    [{ status: 0, body: null }, 'error.network'],
    [{ status: 502, body: '<html>' }, 'error.server'],
  ] as const)('maps %j to %s', (failure, key) => {
    expect(describeLoginError(failure, 'zh-CN').message?.key).toBe(key);
  });

  it('keeps the current step for failures that are not about what was typed', () => {
    expect(describeLoginError(fail(429, 'too_many_requests'), 'zh-CN').step).toBeUndefined();
    expect(describeLoginError({ status: 0, body: null }, 'zh-CN').step).toBeUndefined();
  });

  it('quotes the request id of a server error', () => {
    const view = describeLoginError({ status: 500, body: null, requestId: 'req-7' }, 'zh-CN');
    expect(view.message).toEqual({ key: 'error.serverWithRequestId', params: { requestId: 'req-7' } });
  });
});
