import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type AdminAccount, ErrorCode, type GrantRoleCommand, type Role, type RoleGrantResult, type SetRoleCommand } from '#contracts';
import { DomainError, requireRole } from '#common';
import type { Account } from '../accounts/account.entity.js';
import { type AccountChanges, type AccountEventsOf, AccountRepository } from '../accounts/account.repository.js';
import { LastAdminError } from '../accounts/last-admin.error.js';
import { AccountAdminViews } from '../admin/account-admin.views.js';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { AuthEnv } from '../auth.env.js';
import { AuthService } from '../auth/auth.service.js';
import { adminUsernames, roleOf } from './role-of.js';

/**
 * Roles (ADR 0016): set by an admin, by the operator's CLI, or from ADMIN_USERNAMES. A change ends the account's
 * sessions (reason `role_changed`), so the `role` claim of a live token is never stale; the last enabled
 * admin cannot lose the role (409 LAST_ADMIN).
 */
@Injectable()
export class RolesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RolesService.name);

  constructor(
    private readonly accounts: AccountRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly views: AccountAdminViews,
    @Inject(AuthEnv) private readonly env: AuthEnv,
  ) {}

  /** ADMIN_USERNAMES at start-up: accounts that exist already become admins (new ones at registration). */
  async onApplicationBootstrap(): Promise<void> {
    for (const username of adminUsernames(this.env.ADMIN_USERNAMES)) {
      try {
        const account = await this.accounts.findByUsername(username);
        if (account && roleOf(account) !== 'admin') {
          await this.change(account, 'admin', SYSTEM_ACTOR, 'ADMIN_USERNAMES');
          this.logger.log({ userId: account.id }, 'admin role granted from ADMIN_USERNAMES');
        }
      } catch (error) {
        this.logger.error({ err: error, username }, 'ADMIN_USERNAMES: role not granted');
      }
    }
  }

  /** PUT /api/admin/users/:id/role (admin). */
  async setRole({ caller, userId, role }: SetRoleCommand): Promise<AdminAccount> {
    requireRole(caller, 'admin');
    const account = await this.accounts.findById(userId);
    if (!account) throw DomainError.notFound('User');
    const updated = await this.change(account, role, caller.userId, null);
    return this.views.one(updated);
  }

  /** `npm run admin -- grant|revoke <username> <role>`: revoking a role the account holds leaves it a plain user. */
  async grant({ username, role, action }: GrantRoleCommand): Promise<RoleGrantResult> {
    const account = await this.accounts.findByUsername(username);
    if (!account) throw DomainError.notFound('User');
    const current = roleOf(account);
    const next: Role = action === 'grant' ? role : current === role ? 'user' : current;
    const updated = await this.change(account, next, SYSTEM_ACTOR, `cli ${action} ${role}`);
    return { userId: updated.id, username: updated.username, role: roleOf(updated) };
  }

  /**
   * A write that may take the admin role from the account (role change, disable): refused with 409 LAST_ADMIN when no
   * other enabled admin would remain. The store checks and writes in one step, across auth replicas too.
   */
  async updateKeepingAnAdmin(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null> {
    try {
      return await this.accounts.updateKeepingAnAdmin(id, changes, events);
    } catch (error) {
      if (error instanceof LastAdminError) throw new DomainError(ErrorCode.LAST_ADMIN, 'The last admin cannot lose the role');
      throw error;
    }
  }

  private async change(account: Account, role: Role, actorId: string, reason: string | null): Promise<Account> {
    const from = roleOf(account);
    if (from === role) return account;
    const changes = { roles: [role] };
    const updated = (from === 'admin' ? await this.updateKeepingAnAdmin(account.id, changes) : await this.accounts.update(account.id, changes)) ?? account;
    // The old token's claim is wrong from now on: its sessions end, and the next login carries the new role.
    await this.auth.revokeAllSessions(account.id, 'role_changed');
    await this.audit.record(actorId, 'role.changed', { type: 'user', id: account.id }, reason ?? `${from} -> ${role}`);
    return updated;
  }
}
