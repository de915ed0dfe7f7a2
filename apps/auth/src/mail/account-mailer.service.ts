import { Inject, Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository.js';
import type { Account } from '../accounts/account.entity.js';
import { AuthEnv } from '../auth.env.js';
import type { EmailTokenPurpose } from '../email-tokens/email-token.entity.js';
import { EmailTokenRepository } from '../email-tokens/email-token.repository.js';
import { hashMailedToken, newMailedToken } from '../email-tokens/mailed-token.js';
import { emailChangedMail, resetMail, tokenLink, verificationMail } from './mail-templates.js';
import { MailQueue } from './mail-queue.service.js';

export const VERIFY_TOKEN_TTL_MS = 24 * 3_600_000;
export const RESET_TOKEN_TTL_MS = 30 * 60_000;

/**
 * The mails auth sends about an account. Each call returns at once: the token is written and the mail sent
 * by the MailQueue after the current request has been answered.
 */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
    private readonly queue: MailQueue,
    @Inject(AuthEnv) private readonly env: AuthEnv,
  ) {}

  /** A verification link for the account's current address (after registration, an email change, or on request). */
  sendVerification(account: Account): void {
    this.queue.later(async () => {
      const token = await this.issue(account, 'verify_email', VERIFY_TOKEN_TTL_MS);
      const link = tokenLink(this.env.PUBLIC_URL, 'verify-email', token);
      return verificationMail(account.email, account.username, link, token, VERIFY_TOKEN_TTL_MS / 3_600_000);
    });
  }

  /**
   * A reset link if `email` belongs to an enabled account, else nothing. The lookup happens here, after the
   * reply, so the caller's answer is the same for every address.
   */
  sendPasswordReset(email: string): void {
    this.queue.later(async () => {
      const account = await this.accounts.findByEmail(email);
      if (!account || account.disabled) return null;
      const token = await this.issue(account, 'reset_password', RESET_TOKEN_TTL_MS);
      const link = tokenLink(this.env.PUBLIC_URL, 'reset-password', token);
      // To the stored address, not the typed one (which may differ in case).
      return resetMail(account.email, account.username, link, token, RESET_TOKEN_TTL_MS / 60_000);
    });
  }

  /** A notice to the address an account just left. */
  sendEmailChanged(before: Account): void {
    this.queue.later(async () => emailChangedMail(before.email, before.username));
  }

  private async issue(account: Account, purpose: EmailTokenPurpose, ttlMs: number): Promise<string> {
    const token = newMailedToken();
    const now = new Date();
    // Housekeeping on the way: tokens past their lifetime can only be refused, so they are dropped.
    await this.tokens.deleteExpired(now);
    await this.tokens.create({
      hash: hashMailedToken(token),
      userId: account.id,
      purpose,
      email: account.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      usedAt: null,
    });
    return token;
  }
}
