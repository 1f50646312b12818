import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/translate';
import {
  USERNAME_PATTERN,
  acceptPasswordHints,
  describeAcceptError,
  describeInviteError,
  describeMemberChangeError,
  invitationStateView,
  invitationUrl,
  inviteContactProblem,
  suggestUsername,
} from './invitation';

const TOKEN = 'ukboOWEVL9Uw4GbjB4Mi20oEz5EwoWS2cojkRmRYhgY';
const api = (statusCode: number, code: string, details?: string[]) => ({ statusCode, code, message: 'for developers', details });

describe('invitationUrl', () => {
  it('is the origin and the link the API answered', () => {
    expect(invitationUrl('https://dahe.example.cn', `/invite/${TOKEN}`)).toBe(`https://dahe.example.cn/invite/${TOKEN}`);
    expect(invitationUrl('http://localhost:3000/', `/invite/${TOKEN}`)).toBe(`http://localhost:3000/invite/${TOKEN}`);
  });

  it('refuses anything that is not an invitation link of this site', () => {
    for (const link of ['https://evil.example/invite/x', '//evil.example/invite/x', '/login', '/invite/', '/invite/a b', 'javascript:alert(1)']) {
      expect(invitationUrl('https://dahe.example.cn', link)).toBeUndefined();
    }
  });
});

describe('suggestUsername', () => {
  it('takes the local part of the invited address when it makes a valid username', () => {
    expect(suggestUsername('New.Drafter@example.cn')).toBe('new.drafter');
    expect(suggestUsername('_li+si@example.cn')).toBe('lisi');
    expect(suggestUsername('张三@example.cn')).toBe('');
    expect(suggestUsername('ab@example.cn')).toBe('');
    expect(suggestUsername(undefined)).toBe('');
  });

  it('agrees with the API pattern', () => {
    expect(USERNAME_PATTERN.test('s1.drafter2')).toBe(true);
    expect(USERNAME_PATTERN.test('S1')).toBe(false);
    expect(USERNAME_PATTERN.test('.abc')).toBe(false);
  });
});

describe('acceptPasswordHints', () => {
  it('has the shared rules without "differs from the current password"', () => {
    const hints = acceptPasswordHints({ password: 'Songshan-Peak-2024', username: 'li.si', displayName: '李四' });
    expect(hints.map((hint) => hint.rule)).toEqual(['length', 'classes', 'name', 'common']);
    expect(hints.every((hint) => hint.state === 'met')).toBe(true);
  });

  it('flags a password containing the chosen username', () => {
    const name = acceptPasswordHints({ password: 'Zhangsan-2024!', username: 'zhangsan' }).find((hint) => hint.rule === 'name');
    expect(name?.state).toBe('unmet');
  });
});

describe('invitationStateView', () => {
  it('has a title and a text for every state, in both languages', () => {
    for (const status of ['pending', 'accepted', 'expired', 'revoked', 'unknown'] as const) {
      const view = invitationStateView(status);
      expect(view.status).toBe(status);
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(translate(lang, view.title)).not.toMatch(/^invite\./);
        expect(translate(lang, view.text)).not.toMatch(/^invite\./);
      }
    }
    expect(translate('zh-CN', invitationStateView('expired').text)).toContain('72 小时');
  });
});

describe('describeAcceptError', () => {
  it('turns a used, expired or revoked link into its state', () => {
    expect(describeAcceptError(410, api(410, 'invitation_invalid', ['accepted']))).toMatchObject({ kind: 'state', state: { status: 'accepted' } });
    expect(describeAcceptError(410, api(410, 'invitation_invalid', ['revoked']))).toMatchObject({ kind: 'state', state: { status: 'revoked' } });
    expect(describeAcceptError(410, api(410, 'invitation_invalid', ['nonsense']))).toMatchObject({ kind: 'state', state: { status: 'expired' } });
    expect(describeAcceptError(404, api(404, 'not_found'))).toMatchObject({ kind: 'state', state: { status: 'unknown' } });
  });

  it('lists the password problems the server found', () => {
    const view = describeAcceptError(400, api(400, 'weak_password', ['too_short', 'too_few_classes', 'made_up']));
    expect(view).toEqual({
      kind: 'form',
      message: { key: 'invite.error.weak' },
      problems: [{ key: 'password.problem.too_short', params: { min: 10 } }, { key: 'password.problem.too_few_classes', params: undefined }],
      field: 'password',
    });
  });

  it('points at the username when it is taken (and the password did not prove it)', () => {
    expect(describeAcceptError(409, api(409, 'conflict'))).toMatchObject({ kind: 'form', field: 'username', message: { key: 'invite.error.usernameTaken' } });
  });

  it('explains a format error, rate limiting and anything else', () => {
    expect(describeAcceptError(400, api(400, 'validation_failed'))).toMatchObject({ message: { key: 'invite.error.validation' } });
    expect(describeAcceptError(429, api(429, 'too_many_requests'))).toMatchObject({ message: { key: 'invite.error.tooManyRequests' } });
    expect(describeAcceptError(0, null)).toMatchObject({ kind: 'form', message: { key: 'error.network' } });
    expect(describeAcceptError(500, { ...api(500, 'internal_error'), requestId: 'r-1' })).toMatchObject({ message: { key: 'error.serverWithRequestId' } });
  });
});

describe('inviteContactProblem', () => {
  it('checks e-mail addresses', () => {
    expect(inviteContactProblem('email', '')).toBe('members.invite.email.required');
    expect(inviteContactProblem('email', 'not-an-address')).toBe('members.invite.email.invalid');
    expect(inviteContactProblem('email', ' li.si@example.cn ')).toBeUndefined();
  });

  it('checks mainland mobile numbers as the API does', () => {
    expect(inviteContactProblem('mobile', '')).toBe('members.invite.mobile.required');
    expect(inviteContactProblem('mobile', '12345')).toBe('members.invite.mobile.invalid');
    expect(inviteContactProblem('mobile', '12800138000')).toBe('members.invite.mobile.invalid');
    for (const mobile of ['13800138000', '+86 138 0013 8000', '138-0013-8000']) expect(inviteContactProblem('mobile', mobile)).toBeUndefined();
  });
});

describe('describeInviteError and describeMemberChangeError', () => {
  it('explains refusals of an invitation', () => {
    expect(describeInviteError(403, api(403, 'forbidden'))).toEqual({ key: 'members.invite.error.forbidden' });
    expect(describeInviteError(400, api(400, 'validation_failed'))).toEqual({ key: 'members.invite.error.validation' });
    expect(describeInviteError(0, null)).toEqual({ key: 'error.network', params: undefined });
  });

  it('explains refusals of a role change', () => {
    expect(describeMemberChangeError(409, api(409, 'separation_of_duties'))).toEqual({ key: 'error.separationOfDuties' });
    expect(describeMemberChangeError(403, api(403, 'forbidden'))).toEqual({ key: 'members.error.forbidden' });
    expect(describeMemberChangeError(404, api(404, 'not_found'))).toEqual({ key: 'members.error.notFound' });
    expect(describeMemberChangeError(400, api(400, 'validation_failed'))).toEqual({ key: 'members.edit.error.rejected' });
  });
});
