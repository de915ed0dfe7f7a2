import { Injectable } from '@nestjs/common';
import {
  type AccountSummary,
  AUTH_EVENTS,
  type AuthUpdateAccountCommand,
  ErrorCode,
  type GetAccountQuery,
} from '#contracts';
import { DomainError } from '#common';
import { accountEvent } from '../accounts/account-events.js';
import type { Account } from '../accounts/account.entity.js';
import { uniqueKey } from '../accounts/account-keys.js';
import { type AccountChanges, AccountRepository } from '../accounts/account.repository.js';
import { takenError } from '../accounts/taken.error.js';
import { AccountMailer } from '../mail/account-mailer.service.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { roleOf } from '../roles/role-of.js';

export function accountSummaryOf(account: Account, version: string | null): AccountSummary {
  return {
    id: account.id,
    username: account.username,
    email: account.email,
    isEmailVerified: account.emailVerified,
    disabled: account.disabled,
    role: roleOf(account),
    createdAt: account.createdAt.toISOString(),
    lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    version,
  };
}

/** Account lookups and identity changes asked for by other services (the users service). */
@Injectable()
export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly relay: OutboxRelay,
    private readonly mailer: AccountMailer,
  ) {}

  async getAccount({ userId }: GetAccountQuery): Promise<AccountSummary> {
    const account = await this.accounts.findById(userId);
    if (!account) throw DomainError.notFound('Account');
    return accountSummaryOf(account, null);
  }

  /**
   * Renames the account and/or changes its email. The unique indexes decide conflicts (no read-then-write);
   * the account.updated event is stored in the same write, so the read copies follow.
   */
  async updateAccount({ caller, username, email }: AuthUpdateAccountCommand): Promise<AccountSummary> {
    const account = await this.accounts.findById(caller.userId);
    if (!account || account.disabled) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session is not valid');
    const changes: AccountChanges = {};
    if (username !== undefined && username !== account.username) changes.username = username;
    if (email !== undefined && email !== account.email) {
      changes.email = email;
      // Only a different address needs proof again: a change of case is still the same mailbox.
      if (uniqueKey(email) !== uniqueKey(account.email)) changes.emailVerified = false;
    }
    if (Object.keys(changes).length === 0) return accountSummaryOf(account, null);

    let version = '';
    let updated: Account | null;
    try {
      updated = await this.accounts.update(account.id, changes, (after) => {
        const event = accountEvent(AUTH_EVENTS.accountUpdated, after, new Date());
        version = event.id;
        return [event];
      });
    } catch (error) {
      throw takenError(error);
    }
    if (!updated) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session is not valid');
    this.relay.nudge();
    if (changes.emailVerified === false) {
      this.mailer.sendVerification(updated);
      this.mailer.sendEmailChanged(account);
    }
    return accountSummaryOf(updated, version);
  }
}
