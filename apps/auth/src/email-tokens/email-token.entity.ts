/** What a mailed token lets its holder do. */
export type EmailTokenPurpose = 'verify_email' | 'reset_password';

/**
 * A single-use token sent by mail. Only its SHA-256 is stored (`hash`, also its key): a copy of the database
 * does not let anyone verify an address or reset a password.
 */
export interface EmailToken {
  hash: string;
  userId: string;
  purpose: EmailTokenPurpose;
  /** The address it was mailed to: once the account's email differs, the token proves nothing. */
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
