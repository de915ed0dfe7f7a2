import { ErrorCode } from '#contracts';
import { DomainError, DuplicateKeyError } from '#common';

/** A unique-index refusal from the account repository as the API's 409 (USERNAME_TAKEN / EMAIL_TAKEN). */
export function takenError(error: unknown): unknown {
  if (!(error instanceof DuplicateKeyError)) return error;
  return error.field === 'email'
    ? new DomainError(ErrorCode.EMAIL_TAKEN, 'That email is already registered', {
        errors: [{ field: 'email', message: 'email is taken' }],
      })
    : new DomainError(ErrorCode.USERNAME_TAKEN, 'That username is taken', {
        errors: [{ field: 'username', message: 'username is taken' }],
      });
}
