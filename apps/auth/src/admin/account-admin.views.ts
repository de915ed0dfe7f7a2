import { Injectable } from '@nestjs/common';
import { type AdminAccount, type ProfilesByIdsQuery, type PublicUser, USERS_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';
import type { Account } from '../accounts/account.entity.js';
import { roleOf } from '../roles/role-of.js';

/**
 * Accounts as the administration sees them: the public profile the users service holds (display name, avatar…,
 * disabled accounts included) with what only auth knows (email, role, status, logins).
 */
@Injectable()
export class AccountAdminViews {
  constructor(private readonly rpc: RpcClient) {}

  async many(accounts: Account[]): Promise<AdminAccount[]> {
    if (accounts.length === 0) return [];
    const query: ProfilesByIdsQuery = { ids: accounts.map((a) => a.id) };
    const profiles = new Map((await this.rpc.request(USERS_SUBJECTS.profilesByIds, query)).map((p) => [p.id, p]));
    return accounts.map((account) => ({
      ...(profiles.get(account.id) ?? defaultProfile(account)),
      username: account.username,
      email: account.email,
      role: roleOf(account),
      disabled: account.disabled,
      createdAt: account.createdAt.toISOString(),
      lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    }));
  }

  async one(account: Account): Promise<AdminAccount> {
    const [view] = await this.many([account]);
    return view;
  }
}

/** The users service seeds a profile from the account, so this only covers one it has not written yet. */
function defaultProfile(account: Account): PublicUser {
  return { id: account.id, username: account.username, displayName: account.username, avatarUrl: null, bio: '', onlineStatus: 'offline', lastSeenAt: null };
}
