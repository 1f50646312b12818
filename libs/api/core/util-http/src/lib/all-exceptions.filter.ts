import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { type ApiErrorBody, ErrorCode } from '@dahe/shared/contracts';
import { AppException, STATUS_OF_ERROR_CODE } from './app-exception';

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.validationFailed,
  401: ErrorCode.unauthorized,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  405: ErrorCode.notFound,
  409: ErrorCode.conflict,
  412: ErrorCode.preconditionFailed,
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.validationFailed,
  422: ErrorCode.validationFailed,
  428: ErrorCode.preconditionRequired,
  429: ErrorCode.tooManyRequests,
  503: ErrorCode.serviceUnavailable,
};

/** Maps every failure to {@link ApiErrorBody}. A 500 says only that something failed, and its request id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id, url: request.originalUrl }, 'request failed');
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof AppException) {
      return { ...exception.extra, statusCode: STATUS_OF_ERROR_CODE[exception.code], code: exception.code, message: exception.message, details: exception.details };
    }
    // Body-parser errors arrive raw or wrapped by Nest's adapter; their own text may quote the body.
    const parserError = bodyParserError(exception instanceof HttpException ? exception.cause : exception);
    if (parserError) {
      return { statusCode: parserError.status, code: CODE_OF_STATUS[parserError.status] ?? ErrorCode.validationFailed, message: parserError.message };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const code = CODE_OF_STATUS[statusCode] ?? (statusCode >= 500 ? ErrorCode.internal : ErrorCode.validationFailed);
      if (statusCode >= 500) return { statusCode, code, message: 'Internal server error' };
      const payload = exception.getResponse();
      const raw = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
      const details = Array.isArray(raw) ? raw.map(String) : undefined;
      const message = details ? 'Validation failed' : typeof raw === 'string' ? raw : exception.message;
      return { statusCode, code, message, details };
    }
    return { statusCode: 500, code: ErrorCode.internal, message: 'Internal server error' };
  }
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON body',
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
};

function bodyParserError(error: unknown): { status: number; message: string } | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return { status, message: BODY_PARSER_MESSAGES[type] ?? 'Bad request' };
}
