import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type ForgotPasswordCommand,
  type ResetPasswordCommand,
  type SessionCommand,
  type VerifyEmailCommand,
} from '#contracts';
import { DomainError, RateLimiter } from '#common';
import { uniqueKey } from '../accounts/account-keys.js';
import type { Account } from '../accounts/account.entity.js';
import { AccountRepository } from '../accounts/account.repository.js';
import { AUTH_BUDGETS } from '../auth/auth-budgets.js';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { EmailToken, EmailTokenPurpose } from '../email-tokens/email-token.entity.js';
import { EmailTokenRepository } from '../email-tokens/email-token.repository.js';
import { hashMailedToken } from '../email-tokens/mailed-token.js';
import { AccountMailer } from '../mail/account-mailer.service.js';

/** One answer for unknown, spent, expired and foreign tokens: the holder learns nothing about which. */
const invalidToken = () =>
  DomainError.validation([{ field: 'token', message: 'token is invalid, expired or already used' }], 'The token is not valid');

/** Accounts by email: verification of the address, and the forgotten-password reset (ADR 0015). */
@Injectable()
export class AccountEmailService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
    private readonly mailer: AccountMailer,
    private readonly passwords: PasswordHasher,
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
  ) {}

  /** Mails a new verification link to the caller's address; nothing to do once it is verified. */
  async requestVerification({ caller }: SessionCommand): Promise<void> {
    const account = await this.accounts.findById(caller.userId);
    if (!account || account.disabled) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session is not valid');
    if (account.emailVerified) return;
    await this.limiter.take(AUTH_BUDGETS.mail, uniqueKey(account.email));
    this.mailer.sendVerification(account);
  }

  async verifyEmail({ token }: VerifyEmailCommand): Promise<void> {
    const { account, spent } = await this.spend(token, 'verify_email');
    if (!(await this.accounts.markEmailVerified(account.id, spent.email))) throw invalidToken();
  }

  /**
   * The same answer, after the same work, for every address: the per-address budget (counted for unknown
   * addresses too), then the reply. Looking the address up and mailing happen after it (AccountMailer).
   */
  async forgotPassword({ email }: ForgotPasswordCommand): Promise<void> {
    await this.limiter.take(AUTH_BUDGETS.mail, uniqueKey(email));
    this.mailer.sendPasswordReset(email);
  }

  /** Sets the new password and ends every session: whoever knew the old password is signed out. */
  async resetPassword({ token, newPassword }: ResetPasswordCommand): Promise<void> {
    const { account, spent } = await this.spend(token, 'reset_password');
    const now = new Date();
    await this.accounts.update(account.id, { passwordHash: await this.passwords.hash(newPassword) });
    // The other reset links of this account stop working too.
    await this.tokens.spendAll(account.id, 'reset_password', now);
    // The link reached the mailbox, so the address is proven as well.
    await this.accounts.markEmailVerified(account.id, spent.email);
    await this.auth.revokeAllSessions(account.id, 'password_changed');
  }

  /** Spends the token; it counts only for an enabled account that still has the address it was mailed to. */
  private async spend(token: string, purpose: EmailTokenPurpose): Promise<{ account: Account; spent: EmailToken }> {
    const spent = await this.tokens.consume(hashMailedToken(token), purpose, new Date());
    const account = spent ? await this.accounts.findById(spent.userId) : null;
    if (!spent || !account || account.disabled || uniqueKey(account.email) !== uniqueKey(spent.email)) throw invalidToken();
    return { account, spent };
  }
}
