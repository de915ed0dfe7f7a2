import type { OutboxEvent } from '../outbox/outbox-event.js';
import type { Account } from './account.entity.js';

/** The administration listing: prefix of username or email, status, role; ordered by (usernameKey, id). */
export interface AccountListQuery {
  prefix: string;
  disabled?: boolean;
  role?: string;
  /** Keyset: (lowercased username, id) of the last row of the previous page. */
  after: { key: string; id: string } | null;
  limit: number;
}

export type AccountChanges = Partial<Pick<Account, 'username' | 'email' | 'passwordHash' | 'disabled' | 'lastLoginAt' | 'emailVerified' | 'roles'>>;

/** Builds the events of an update from the updated account (called inside the atomic write). */
export type AccountEventsOf = (updated: Account) => OutboxEvent[];

/**
 * Port for account storage. Username and email are unique case-insensitively, enforced by the
 * database: a violating write throws DuplicateKeyError('username' | 'email') and changes nothing.
 */
export abstract class AccountRepository {
  /** Stores the account and its events atomically. */
  abstract create(account: Account, events: OutboxEvent[]): Promise<void>;
  abstract findById(id: string): Promise<Account | null>;
  abstract findByUsername(username: string): Promise<Account | null>;
  abstract findByEmail(email: string): Promise<Account | null>;
  /**
   * Applies the changes and stores the events atomically; returns the updated account or null if unknown.
   * The events are built from the account as it is right after this update, so two concurrent updates
   * can never publish an event that misses the other's change.
   */
  abstract update(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null>;
  /**
   * update(), refused with LastAdminError (nothing written) when the account was an enabled admin and no enabled
   * admin would remain. The count and the write are one atomic step for every process sharing the store (two auth
   * replicas demoting the last two admins at once: exactly one succeeds). Every write that can take the admin role
   * away goes through here.
   */
  abstract updateKeepingAnAdmin(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null>;
  abstract list(query: AccountListQuery): Promise<Account[]>;
  /**
   * Marks the email verified only while the account still has `email` (compared case-insensitively), in one
   * conditional write: a verification link for an address the account has since left verifies nothing.
   */
  abstract markEmailVerified(id: string, email: string): Promise<boolean>;
}
