import { Injectable } from '@nestjs/common';
import {
  type AccountTargetCommand,
  type AdminAccountPage,
  AUTH_EVENTS,
  type DisableAccountCommand,
  ErrorCode,
  hasRole,
  type ListAccountsCommand,
} from '#contracts';
import { decodeCursor, DomainError, encodeCursor, pageLimit, paged, requireRole } from '#common';
import { accountEvent } from '../accounts/account-events.js';
import { uniqueKey } from '../accounts/account-keys.js';
import type { Account } from '../accounts/account.entity.js';
import { AccountRepository } from '../accounts/account.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { roleOf } from '../roles/role-of.js';
import { RolesService } from '../roles/roles.service.js';
import { AccountAdminViews } from './account-admin.views.js';

/**
 * Account management for moderators and admins: listing, disabling and enabling. Disable and enable write the
 * account event in the same atomic write as the flag (the outbox), so the users service's read copy follows:
 * search hides the account and its profile is 404 to others; its messages stay.
 */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly auth: AuthService,
    private readonly roles: RolesService,
    private readonly audit: AuditService,
    private readonly relay: OutboxRelay,
    private readonly views: AccountAdminViews,
  ) {}

  async list({ caller, search, status, role, limit, cursor }: ListAccountsCommand): Promise<AdminAccountPage> {
    requireRole(caller, 'moderator');
    const size = pageLimit(limit);
    const rows = await this.accounts.list({
      prefix: uniqueKey(search ?? '').trim(),
      ...(status !== undefined ? { disabled: status === 'disabled' } : {}),
      ...(role !== undefined ? { role } : {}),
      after: decodeCursor(cursor),
      limit: size + 1,
    });
    const page = paged(rows, size, (a) => encodeCursor(uniqueKey(a.username), a.id));
    return { items: await this.views.many(page.items), nextCursor: page.nextCursor };
  }

  /** Ends every session at once (sockets on every replica get `session:revoked` `{ reason: "account_disabled" }`). */
  async disable({ caller, userId, reason }: DisableAccountCommand): Promise<void> {
    requireRole(caller, 'moderator');
    const account = await this.target(caller.userId, caller.role, userId);
    if (!account.disabled) {
      await this.setDisabled(account, true);
      await this.audit.record(caller.userId, 'account.disabled', { type: 'user', id: account.id }, reason);
    }
    // Also on a repeat: a session opened in a race with the first call ends too.
    await this.auth.revokeAllSessions(account.id, 'account_disabled');
  }

  async enable({ caller, userId }: AccountTargetCommand): Promise<void> {
    requireRole(caller, 'moderator');
    const account = await this.target(caller.userId, caller.role, userId);
    if (!account.disabled) return;
    await this.setDisabled(account, false);
    await this.audit.record(caller.userId, 'account.enabled', { type: 'user', id: account.id }, null);
  }

  /** Staff accounts are managed by admins only, and nobody disables themselves (nor locks the last admin out). */
  private async target(callerId: string, callerRole: AccountTargetCommand['caller']['role'], userId: string): Promise<Account> {
    const account = await this.accounts.findById(userId);
    if (!account) throw DomainError.notFound('User');
    if (account.id === callerId) throw new DomainError(ErrorCode.FORBIDDEN, 'You cannot disable or enable your own account');
    if (roleOf(account) !== 'user' && !hasRole(callerRole, 'admin')) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin can disable or enable a staff account');
    }
    return account;
  }

  private async setDisabled(account: Account, disabled: boolean): Promise<void> {
    const subject = disabled ? AUTH_EVENTS.accountDisabled : AUTH_EVENTS.accountUpdated;
    const events = (after: Account) => [accountEvent(subject, after, new Date())];
    // Disabling the last enabled admin would lock the administration out (409 LAST_ADMIN).
    if (disabled) await this.roles.updateKeepingAnAdmin(account.id, { disabled }, events);
    else await this.accounts.update(account.id, { disabled }, events);
    this.relay.nudge();
  }
}
