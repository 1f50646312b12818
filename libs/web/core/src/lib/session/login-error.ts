import { type AccountLockedBody, ErrorCode } from '@dahe/shared/contracts';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Lang } from '../i18n/lang';
import type { TranslationParams } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';
import { formatShanghai } from '../time/format-shanghai';

/** The two steps of signing in: who you are, then (for accounts with a second factor) the code. */
export type LoginStep = 'credentials' | 'totp';

/** A failed `POST /api/auth/login`, as the page keeps it (so the message follows a language switch). */
export interface LoginFailure {
  readonly status: number;
  readonly body: unknown;
  readonly requestId?: string | null;
}

export interface LoginErrorView {
  /** The step to show next; `undefined` keeps the current one. */
  readonly step?: LoginStep;
  /** What to tell the person; absent when the answer is simply "now the code, please". */
  readonly message?: { readonly key: TranslationKey; readonly params?: TranslationParams };
  /** The field to empty and focus so the person can type again. */
  readonly retry?: 'password' | 'totp';
}

/**
 * Pure: the API's answer to a sign-in attempt → what the page does and says. `lang` only formats
 * the end of a lock-out, in Beijing time.
 */
export function describeLoginError(failure: LoginFailure, lang: Lang): LoginErrorView {
  const { status, body } = failure;
  const code = isApiErrorBody(body) ? body.code : undefined;

  switch (code) {
    case ErrorCode.totpRequired:
      return { step: 'totp', retry: 'totp' };
    case ErrorCode.totpInvalid:
      return { step: 'totp', message: { key: 'login.error.totpInvalid' }, retry: 'totp' };
    case ErrorCode.invalidCredentials:
      return { step: 'credentials', message: { key: 'login.error.invalidCredentials' }, retry: 'password' };
    case ErrorCode.accountLocked: {
      const until = (body as AccountLockedBody).lockedUntil;
      const formatted = until && !Number.isNaN(Date.parse(until)) ? formatShanghai(until, lang) : undefined;
      return {
        step: 'credentials',
        message: formatted ? { key: 'login.error.lockedUntil', params: { until: formatted } } : { key: 'login.error.locked' },
        retry: 'password',
      };
    }
    case ErrorCode.tooManyRequests:
      return { message: { key: 'login.error.tooManyRequests' } };
    case ErrorCode.validationFailed:
      return { message: { key: 'login.error.validation' } };
    case ErrorCode.forbidden:
      return { step: 'credentials', message: { key: 'login.error.noMembership' } };
  }
  // No (known) code: a proxy's answer, the network, a server error. Fall back to the status.
  if (status === 423) return { step: 'credentials', message: { key: 'login.error.locked' }, retry: 'password' };
  if (status === 429) return { message: { key: 'login.error.tooManyRequests' } };
  const { key, params } = describeHttpError(status, body, failure.requestId);
  return { message: { key, params } };
}
