import { ErrorCode, type ErrorPayload, type FieldError, isErrorCode } from '#contracts';

/** A failure with a stable code that survives the trip over NATS and maps to one HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorPayload['details'],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(value: unknown): DomainError | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const { code, message, details } = value as Partial<ErrorPayload>;
    if (!isErrorCode(code)) return undefined;
    return new DomainError(code, typeof message === 'string' ? message : code, details);
  }

  static validation(errors: FieldError[], message = 'Validation failed'): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, message, { errors });
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  }
}

/** What was thrown, as an Error to rethrow later (a loop that tries every item, then throws its first failure). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
