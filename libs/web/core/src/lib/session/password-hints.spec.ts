import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/translate';
import { describePasswordChangeError, meetsPolicy, passwordHints } from './password-hints';

const states = (input: Parameters<typeof passwordHints>[0]) =>
  Object.fromEntries(passwordHints(input).map((hint) => [hint.rule, hint.state]));

describe('passwordHints', () => {
  it('is all pending before anything is typed', () => {
    expect(states({ password: '' })).toEqual({ length: 'pending', classes: 'pending', name: 'pending', common: 'pending', different: 'pending' });
    expect(meetsPolicy(passwordHints({ password: '' }))).toBe(false);
  });

  it('accepts a long password of three classes that differs from the current one', () => {
    const hints = passwordHints({ password: 'Huanghe-2024-qiao', currentPassword: 'Old-Passw0rd-1', username: 's1.admin' });
    expect(hints.every((hint) => hint.state === 'met')).toBe(true);
    expect(meetsPolicy(hints)).toBe(true);
  });

  it('marks each rule the password breaks', () => {
    expect(states({ password: 'short', currentPassword: 'x' })).toMatchObject({ length: 'unmet', classes: 'unmet' });
    expect(states({ password: 'Password123!', currentPassword: 'x' })).toMatchObject({ length: 'met', classes: 'met', common: 'unmet' });
    expect(states({ password: 'Zhangsan-2024!', username: 'zhangsan', currentPassword: 'x' })).toMatchObject({ name: 'unmet' });
    expect(states({ password: 'Huanghe-2024-qiao', currentPassword: 'Huanghe-2024-qiao' })).toMatchObject({ different: 'unmet' });
  });

  it('checks parts of the username and the display name too, like the server', () => {
    expect(states({ password: 'Admin-Huanghe-9', username: 's1.admin' }).name).toBe('unmet');
    expect(states({ password: 'Li-Hua-2024-xyz', displayName: 'li-hua' }).name).toBe('unmet');
  });

  it('leaves "different from current" pending until the current password is typed', () => {
    expect(states({ password: 'Huanghe-2024-qiao' }).different).toBe('pending');
  });

  it('counts the classes used, for the hint text, in both languages', () => {
    const classes = passwordHints({ password: 'abcDEF123' }).find((hint) => hint.rule === 'classes')!;
    expect(classes.params).toEqual({ count: 3 });
    expect(translate('zh-CN', classes.key, classes.params)).toContain('当前 3 类');
    expect(translate('en', classes.key, classes.params)).toContain('now 3');
    const length = passwordHints({ password: 'x' })[0]!;
    expect(translate('zh-CN', length.key, length.params)).toBe('长度至少 10 个字符');
  });
});

describe('describePasswordChangeError', () => {
  it('points at the current password when it is wrong (a 401 that is not the end of the session)', () => {
    expect(describePasswordChangeError(401, { statusCode: 401, code: 'invalid_credentials', message: 'x' })).toEqual({
      message: { key: 'password.error.currentWrong' },
      problems: [],
      field: 'currentPassword',
    });
  });

  it('lists each reason of a weak_password, skipping codes it does not know', () => {
    const view = describePasswordChangeError(400, {
      statusCode: 400,
      code: 'weak_password',
      message: 'x',
      details: ['too_short', 'same_as_current', 'from_the_future'],
    });
    expect(view.field).toBe('newPassword');
    expect(view.problems).toEqual([
      { key: 'password.problem.too_short', params: { min: 10 } },
      { key: 'password.problem.same_as_current', params: undefined },
    ]);
    expect(translate('zh-CN', view.problems[0]!.key, view.problems[0]!.params)).toBe('长度少于 10 个字符');
  });

  it('falls back to the generic messages', () => {
    expect(describePasswordChangeError(429, null).message.key).toBe('password.error.tooManyRequests');
    expect(describePasswordChangeError(0, null).message.key).toBe('error.network');
    expect(describePasswordChangeError(500, null, 'r-1').message).toEqual({ key: 'error.serverWithRequestId', params: { requestId: 'r-1' } });
  });
});
