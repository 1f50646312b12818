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
export { NOTIFY_HTTP_ERRORS, httpErrorInterceptor } from './lib/http/http-error.interceptor';

// data access
export { HealthApiService, type HealthRequestOptions } from './lib/health/health-api.service';
