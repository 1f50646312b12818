import { describe, expect, it, jest } from '@jest/globals';
import { BadRequestException, ConflictException, InternalServerErrorException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import type { Logger } from 'pino';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { AppException } from './app-exception';

function run(exception: unknown) {
  const logger = { error: jest.fn() } as unknown as Logger;
  const json = jest.fn<(body: unknown) => void>();
  const status = jest.fn((_code: number) => ({ json }));
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ id: 'req-12345678', originalUrl: '/api/x' }),
      getResponse: () => ({ headersSent: false, status }),
    }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter(logger).catch(exception, host);
  return { status: status.mock.calls[0]?.[0], body: json.mock.calls[0]?.[0] as Record<string, unknown>, logger };
}

describe('AllExceptionsFilter', () => {
  it('turns a validation failure into 400 validation_failed with the field messages', () => {
    const { status, body } = run(new BadRequestException(['property foo should not exist']));
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, code: 'validation_failed', message: 'Validation failed', details: ['property foo should not exist'], requestId: 'req-12345678' });
  });

  it('maps an AppException code to its status', () => {
    const { status, body } = run(new AppException('precondition_required', 'Send If-Match or version'));
    expect(status).toBe(428);
    expect(body['code']).toBe('precondition_required');
  });

  it('keeps the status of plain HttpExceptions', () => {
    expect(run(new ConflictException('stale')).body).toMatchObject({ statusCode: 409, code: 'conflict', message: 'stale' });
  });

  it('never leaks the text of an unexpected error, and logs it', () => {
    const { status, body, logger } = run(new Error('password authentication failed for user "postgres" at 10.0.0.3'));
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, code: 'internal_error', message: 'Internal server error', requestId: 'req-12345678' });
    expect(logger.error).toHaveBeenCalled();
  });

  it('hides the message of a 5xx HttpException too', () => {
    expect(run(new InternalServerErrorException('db host 10.0.0.3 down')).body['message']).toBe('Internal server error');
  });

  it('answers malformed JSON from the body parser with 400', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' });
    expect(run(parseError).body).toMatchObject({ statusCode: 400, code: 'validation_failed', message: 'Malformed JSON body' });
  });
});
