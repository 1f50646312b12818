import { ValidationPipe } from '@nestjs/common';

/** Unknown fields are refused, not dropped: a client that sends one has a bug worth hearing about. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
  });
}
