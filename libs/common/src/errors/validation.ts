import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { DomainError } from './domain.error.js';
import { toFieldErrors } from './field-errors.js';

/** Same rules on both sides of the bus: unknown fields are an error, not silently dropped. */
export const STRICT_VALIDATION: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
};

export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe(STRICT_VALIDATION);
}
