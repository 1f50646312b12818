// i18n
export * from './lib/i18n/lang';
export type { Dictionary, TranslationKey } from './lib/i18n/zh-CN';
export { DICTIONARIES, interpolate, isTranslationKey, translate, type TranslationParams } from './lib/i18n/translate';
export { I18nService } from './lib/i18n/i18n.service';
export { TranslatePipe } from './lib/i18n/translate.pipe';

// time
export { SHANGHAI_TIME_ZONE, formatShanghai } from './lib/time/format-shanghai';

// http
export { describeHttpError, isApiErrorBody, type HttpErrorDescription } from './lib/http/http-error-message';
export { HANDLE_SESSION_EXPIRY, NOTIFY_HTTP_ERRORS, quietContext } from './lib/http/http-context';
export { httpErrorInterceptor } from './lib/http/http-error.interceptor';
export { csrfInterceptor } from './lib/http/csrf.interceptor';
export { csrfTokenFor, isSameOriginApiUrl, readCookie } from './lib/http/csrf';

// session
export { SessionService, type SessionNotice } from './lib/session/session.service';
export { signedInGuard, signedOutGuard } from './lib/session/session.guards';
export { CanPipe } from './lib/session/can.pipe';
export { HOME_URL, LOGIN_URL, isSessionExpiry, loginQueryParams, safeReturnUrl } from './lib/session/session-urls';
export { ORG_KIND_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, SCHOOL_TYPE_LABELS, roleLabel } from './lib/session/labels';
export { type Capability, type CapabilityContext, type CapabilityId, capabilitiesOf } from './lib/session/capabilities';
export { type LoginErrorView, type LoginFailure, type LoginStep, describeLoginError } from './lib/session/login-error';
export {
  type HintState,
  type PasswordChangeErrorView,
  type PasswordHint,
  type PasswordHintInput,
  describePasswordChangeError,
  meetsPolicy,
  passwordHints,
} from './lib/session/password-hints';
export { type RoleView, type WorkspaceView, toWorkspaceView } from './lib/session/workspace-view';

// data access
export { HealthApiService, type HealthRequestOptions } from './lib/health/health-api.service';
