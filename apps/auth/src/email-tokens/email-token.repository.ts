import type { EmailToken, EmailTokenPurpose } from './email-token.entity.js';

/** Port for the mailed tokens (verification, password reset). */
export abstract class EmailTokenRepository {
  abstract create(token: EmailToken): Promise<void>;
  /**
   * Spends the token: succeeds only if it exists with this purpose, is unused and has not expired at `at`.
   * Returns the token as it was, or null. Of concurrent calls for one token exactly one succeeds.
   */
  abstract consume(hash: string, purpose: EmailTokenPurpose, at: Date): Promise<EmailToken | null>;
  /** Spends every unused token of the user for this purpose (the other links of a finished reset); returns how many. */
  abstract spendAll(userId: string, purpose: EmailTokenPurpose, at: Date): Promise<number>;
  /** Deletes tokens that expired before `before`, used or not; returns how many. */
  abstract deleteExpired(before: Date): Promise<number>;
}
