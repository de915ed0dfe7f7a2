import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ErrorCode, type UNKNOWN_ID_CONTEXT } from '#contracts';
import { DomainError } from './domain.error.js';
import { toFieldErrors } from './field-errors.js';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

// Every process validates through these rules: its class-validator keeps each class's rules once worked out.
cacheValidationMetadata();

/** True when every violated rule in the tree is an id rule (UuidRef, ChatIdRef): the input only names nothing. */
function onlyUnknownIds(errors: ValidationError[]): boolean {
  let seen = false;
  const walk = (list: ValidationError[]): boolean =>
    list.every((error) => {
      for (const name of Object.keys(error.constraints ?? {})) {
        const context = error.contexts?.[name] as Partial<typeof UNKNOWN_ID_CONTEXT> | undefined;
        if (!context?.unknownId) return false;
        seen = true;
      }
      return walk(error.children ?? []);
    });
  return walk(errors) && seen;
}

/** Same rules on both sides of the bus: unknown fields are an error, not silently dropped. */
export const STRICT_VALIDATION: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationFailure(errors),
};

/** class-validator's errors → the error a client gets: 404 when they only say "this id names nothing", else 400. */
export function validationFailure(errors: ValidationError[]): DomainError {
  return onlyUnknownIds(errors)
    ? new DomainError(ErrorCode.NOT_FOUND, 'Not found')
    : DomainError.validation(toFieldErrors(errors));
}

export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe(STRICT_VALIDATION);
}
