import { type ApiErrorBody, ErrorCode } from '@dahe/shared/contracts';
import type { TranslationParams } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';

/** What to tell the user about a failed request: a dictionary key and its parameters. */
export interface HttpErrorDescription {
  key: TranslationKey;
  params?: TranslationParams;
  /** The request id to quote to support, when the server gave one. */
  requestId?: string;
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ApiErrorBody>).statusCode === 'number' &&
    typeof (body as Partial<ApiErrorBody>).code === 'string'
  );
}

const BY_STATUS: Readonly<Record<number, TranslationKey>> = {
  0: 'error.network',
  400: 'error.badRequest',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  412: 'error.preconditionFailed',
  413: 'error.payloadTooLarge',
  422: 'error.badRequest',
  423: 'error.accountLocked',
  428: 'error.preconditionRequired',
  429: 'error.tooManyRequests',
};

/** Codes that say more than their status; the rest read well enough from the status alone. */
const BY_CODE: Partial<Readonly<Record<ErrorCode, TranslationKey>>> = {
  [ErrorCode.csrfFailed]: 'error.csrfFailed',
  [ErrorCode.sessionExpired]: 'error.sessionExpired',
  [ErrorCode.accountLocked]: 'error.accountLocked',
  [ErrorCode.separationOfDuties]: 'error.separationOfDuties',
  [ErrorCode.correctionClosed]: 'error.correctionClosed',
  [ErrorCode.reviewLocked]: 'error.reviewLocked',
  [ErrorCode.reviewIncomplete]: 'error.reviewIncomplete',
  [ErrorCode.notUnderReview]: 'error.notUnderReview',
};

/**
 * Maps a failed request to a human message. Pure, so it is shared by the global interceptor and
 * by components that show errors in place.
 *
 * @param status HTTP status; 0 when the request never got an answer (offline, DNS, CORS, abort).
 * @param body the parsed error body, an `ApiErrorBody` when the API produced it.
 * @param requestIdHeader the `x-request-id` response header, used when the body has no request id.
 */
export function describeHttpError(status: number, body: unknown, requestIdHeader?: string | null): HttpErrorDescription {
  const api = isApiErrorBody(body) ? body : undefined;
  const requestId = api?.requestId || requestIdHeader || undefined;

  if (status >= 500) {
    return requestId ? { key: 'error.serverWithRequestId', params: { requestId }, requestId } : { key: 'error.server' };
  }
  // A 2xx that still failed: the body was not what we asked for (e.g. HTML instead of JSON).
  if (status >= 200 && status < 300) return { key: 'error.invalidResponse' };

  const key = (api && BY_CODE[api.code]) ?? BY_STATUS[status];
  return key ? { key } : { key: 'error.unknown', params: { status } };
}
