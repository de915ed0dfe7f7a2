import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ErrorCode, type UNKNOWN_ID_CONTEXT } from '#contracts';
import { parseStrictly } from './compiled-validation.js';
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

/** The types Nest's pipe does not validate (its toValidate()): they keep its path. */
const UNVALIDATED_TYPES: readonly unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/**
 * Nest's pipe with STRICT_VALIDATION, and a compiled fast path first (compiled-validation.ts): a payload it
 * accepts becomes the same instance the pipe would return; any other goes through the pipe, so errors are unchanged.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if (metatype && type !== 'custom' && !UNVALIDATED_TYPES.includes(metatype)) {
      const parsed = parseStrictly(metatype as new () => object, value);
      if (parsed) return parsed;
    }
    return super.transform(value, metadata);
  }
}

export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe(STRICT_VALIDATION);
}
