import { ErrorCode, type InvitationStatus, PasswordProblem, PASSWORD_MIN_LENGTH } from '@dahe/shared/contracts';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { TranslationKey } from '../i18n/zh-CN';
import { type PasswordHint, type PasswordHintInput, type Translatable, passwordHints } from '../session/password-hints';

/** Where an invitation link leads (the API answers `/invite/<token>`). */
const INVITE_PATH = /^\/invite\/[A-Za-z0-9_-]+$/;

/**
 * Pure: the full address to send, `origin + link`. Only a link of the expected shape is accepted,
 * so a surprising answer is never shown as something to copy and send.
 */
export function invitationUrl(origin: string, link: string): string | undefined {
  if (!INVITE_PATH.test(link)) return undefined;
  return `${origin.replace(/\/+$/, '')}${link}`;
}

/** Usernames as the API accepts them: lower-case letters, digits, dot, dash, underscore; 3–64. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Pure: a username suggestion from an invited e-mail address (its local part, cleaned), or ''. */
export function suggestUsername(email: string | undefined): string {
  const local = (email ?? '').split('@')[0]?.toLowerCase().replace(/[^a-z0-9._-]/g, '') ?? '';
  const trimmed = local.replace(/^[._-]+/, '').slice(0, 64);
  return USERNAME_PATTERN.test(trimmed) ? trimmed : '';
}

/** Pure: the password checklist for a new account: the shared rules, without "differs from the current one". */
export function acceptPasswordHints(input: Omit<PasswordHintInput, 'currentPassword'>): PasswordHint[] {
  return passwordHints(input).filter((hint) => hint.rule !== 'different');
}

/** How the invitee's page presents an invitation that cannot be used (any more). */
export interface InvitationStateView {
  readonly status: InvitationStatus | 'unknown';
  readonly resultStatus: 'info' | 'warning' | 'error' | 'success';
  readonly title: TranslationKey;
  readonly text: TranslationKey;
}

const STATES: Readonly<Record<InvitationStatus | 'unknown', InvitationStateView>> = {
  pending: { status: 'pending', resultStatus: 'info', title: 'invite.state.pending.title', text: 'invite.state.pending.text' },
  accepted: { status: 'accepted', resultStatus: 'success', title: 'invite.state.accepted.title', text: 'invite.state.accepted.text' },
  expired: { status: 'expired', resultStatus: 'warning', title: 'invite.state.expired.title', text: 'invite.state.expired.text' },
  revoked: { status: 'revoked', resultStatus: 'error', title: 'invite.state.revoked.title', text: 'invite.state.revoked.text' },
  unknown: { status: 'unknown', resultStatus: 'error', title: 'invite.state.unknown.title', text: 'invite.state.unknown.text' },
};

/** Pure: the page's state for an invitation status (or `unknown` for a link the server does not know). */
export function invitationStateView(status: InvitationStatus | 'unknown'): InvitationStateView {
  return STATES[status] ?? STATES.unknown;
}

const STATUSES: readonly string[] = ['pending', 'accepted', 'expired', 'revoked'];

/** What a failed accept means for the page. */
export type AcceptErrorView =
  /** The link cannot be used: show its state instead of the form. */
  | { readonly kind: 'state'; readonly state: InvitationStateView }
  /** Something to fix in the form (or to try again). */
  | { readonly kind: 'form'; readonly message: Translatable; readonly problems: readonly Translatable[]; readonly field?: 'username' | 'password' };

const PROBLEM_KEYS: Readonly<Record<PasswordProblem, TranslationKey>> = {
  too_short: 'password.problem.too_short',
  too_few_classes: 'password.problem.too_few_classes',
  contains_name: 'password.problem.contains_name',
  common_password: 'password.problem.common_password',
  same_as_current: 'password.problem.same_as_current',
};

/** Pure: a failed `POST /api/invitations/:token/accept` → what the page shows. */
export function describeAcceptError(status: number, body: unknown, requestId?: string | null): AcceptErrorView {
  const api = isApiErrorBody(body) ? body : undefined;
  if (api?.code === ErrorCode.invitationInvalid || status === 410) {
    const detail = api?.details?.[0];
    const state = detail && STATUSES.includes(detail) ? (detail as InvitationStatus) : 'expired';
    return { kind: 'state', state: invitationStateView(state) };
  }
  if (status === 404) return { kind: 'state', state: invitationStateView('unknown') };
  if (api?.code === ErrorCode.weakPassword) {
    const problems = (api.details ?? [])
      .filter((detail): detail is PasswordProblem => Object.hasOwn(PROBLEM_KEYS, detail))
      .map((problem) => ({ key: PROBLEM_KEYS[problem], params: problem === PasswordProblem.tooShort ? { min: PASSWORD_MIN_LENGTH } : undefined }));
    return { kind: 'form', message: { key: 'invite.error.weak' }, problems, field: 'password' };
  }
  if (api?.code === ErrorCode.conflict || status === 409) {
    return { kind: 'form', message: { key: 'invite.error.usernameTaken' }, problems: [], field: 'username' };
  }
  if (api?.code === ErrorCode.validationFailed) {
    return { kind: 'form', message: { key: 'invite.error.validation' }, problems: [] };
  }
  if (api?.code === ErrorCode.tooManyRequests || status === 429) {
    return { kind: 'form', message: { key: 'invite.error.tooManyRequests' }, problems: [] };
  }
  const { key, params } = describeHttpError(status, body, requestId);
  return { kind: 'form', message: { key, params }, problems: [] };
}

/** The two ways to reach an invitee. */
export type InviteChannel = 'email' | 'mobile';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Mainland mobile numbers, as the API checks them (spaces and dashes allowed, +86 optional). */
const MOBILE = /^(\+?86)?[\s-]?1[3-9]\d([\s-]?\d{4}){2}$/;

/** Pure: what is wrong with the invitee's address, or undefined. */
export function inviteContactProblem(channel: InviteChannel, value: string): TranslationKey | undefined {
  const text = value.trim();
  if (!text) return channel === 'email' ? 'members.invite.email.required' : 'members.invite.mobile.required';
  if (channel === 'email') return EMAIL.test(text) && text.length <= 200 ? undefined : 'members.invite.email.invalid';
  return MOBILE.test(text) ? undefined : 'members.invite.mobile.invalid';
}

/** Pure: a failed `POST …/invitations` → the message in the dialog. */
export function describeInviteError(status: number, body: unknown, requestId?: string | null): Translatable {
  const api = isApiErrorBody(body) ? body : undefined;
  if (status === 403 || api?.code === ErrorCode.forbidden) return { key: 'members.invite.error.forbidden' };
  if (api?.code === ErrorCode.validationFailed || status === 400) return { key: 'members.invite.error.validation' };
  const { key, params } = describeHttpError(status, body, requestId);
  return { key, params };
}

/** Pure: a failed `PUT …/members/:userId` or `DELETE` → the message shown. */
export function describeMemberChangeError(status: number, body: unknown, requestId?: string | null): Translatable {
  const api = isApiErrorBody(body) ? body : undefined;
  if (api?.code === ErrorCode.separationOfDuties) return { key: 'error.separationOfDuties' };
  if (status === 403 || api?.code === ErrorCode.forbidden) return { key: 'members.error.forbidden' };
  if (status === 404) return { key: 'members.error.notFound' };
  if (status === 400 || api?.code === ErrorCode.validationFailed) return { key: 'members.edit.error.rejected' };
  const { key, params } = describeHttpError(status, body, requestId);
  return { key, params };
}
