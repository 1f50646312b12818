import {
  ErrorCode,
  PASSWORD_MIN_LENGTH,
  PasswordProblem,
  passwordClasses,
  passwordProblems,
} from '@dahe/shared/contracts';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { TranslationParams } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';

export type HintState = 'pending' | 'met' | 'unmet';

export interface PasswordHint {
  readonly rule: 'length' | 'classes' | 'name' | 'common' | 'different';
  readonly state: HintState;
  readonly key: TranslationKey;
  readonly params?: TranslationParams;
}

export interface PasswordHintInput {
  readonly password: string;
  readonly currentPassword?: string;
  readonly username?: string;
  readonly displayName?: string;
}

/**
 * Pure: the password policy as a live checklist. It asks the same `passwordProblems` the API decides
 * with (shared in `@dahe/shared/contracts`), so the hints and the server cannot disagree about the
 * rules; the server still has the last word.
 */
export function passwordHints(input: PasswordHintInput): PasswordHint[] {
  const { password, currentPassword = '' } = input;
  const empty = password.length === 0;
  const problems = new Set(passwordProblems(password, { username: input.username, displayName: input.displayName }));
  const state = (problem: PasswordProblem): HintState => (empty ? 'pending' : problems.has(problem) ? 'unmet' : 'met');
  return [
    { rule: 'length', state: state(PasswordProblem.tooShort), key: 'password.rule.length', params: { min: PASSWORD_MIN_LENGTH } },
    {
      rule: 'classes',
      state: state(PasswordProblem.tooFewClasses),
      key: 'password.rule.classes',
      params: { count: passwordClasses(password) },
    },
    { rule: 'name', state: state(PasswordProblem.containsName), key: 'password.rule.name' },
    { rule: 'common', state: state(PasswordProblem.common), key: 'password.rule.common' },
    {
      rule: 'different',
      state: empty || currentPassword.length === 0 ? 'pending' : password === currentPassword ? 'unmet' : 'met',
      key: 'password.rule.different',
    },
  ];
}

/** Whether every rule is met (the form refuses to send a password the server would refuse anyway). */
export function meetsPolicy(hints: readonly PasswordHint[]): boolean {
  return hints.every((hint) => hint.state === 'met');
}

const PROBLEM_KEYS: Readonly<Record<PasswordProblem, TranslationKey>> = {
  too_short: 'password.problem.too_short',
  too_few_classes: 'password.problem.too_few_classes',
  contains_name: 'password.problem.contains_name',
  common_password: 'password.problem.common_password',
  same_as_current: 'password.problem.same_as_current',
};

export interface Translatable {
  readonly key: TranslationKey;
  readonly params?: TranslationParams;
}

export interface PasswordChangeErrorView {
  readonly message: Translatable;
  /** Each reason the server gave for refusing the new password. */
  readonly problems: readonly Translatable[];
  /** The field the error is about. */
  readonly field?: 'currentPassword' | 'newPassword';
}

/** Pure: a failed `POST /api/auth/password` → what the form says. */
export function describePasswordChangeError(status: number, body: unknown, requestId?: string | null): PasswordChangeErrorView {
  const code = isApiErrorBody(body) ? body.code : undefined;
  if (code === ErrorCode.invalidCredentials) {
    return { message: { key: 'password.error.currentWrong' }, problems: [], field: 'currentPassword' };
  }
  if (code === ErrorCode.weakPassword && isApiErrorBody(body)) {
    const problems = (body.details ?? [])
      .filter((detail): detail is PasswordProblem => Object.hasOwn(PROBLEM_KEYS, detail))
      .map((problem) => ({
        key: PROBLEM_KEYS[problem],
        params: problem === PasswordProblem.tooShort ? { min: PASSWORD_MIN_LENGTH } : undefined,
      }));
    return { message: { key: 'password.error.weak' }, problems, field: 'newPassword' };
  }
  if (code === ErrorCode.tooManyRequests || status === 429) return { message: { key: 'password.error.tooManyRequests' }, problems: [] };
  const { key, params } = describeHttpError(status, body, requestId);
  return { message: { key, params }, problems: [] };
}
