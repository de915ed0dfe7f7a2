import type { PrivateProfile } from '#contracts';
import type { Account } from '../accounts/account.entity.js';
import { roleOf } from '../roles/role-of.js';

/**
 * The private profile as far as auth knows it. The users service owns the rest (display name, bio…);
 * until a user edits those, these defaults are exactly what it holds too.
 */
export function privateProfileOf(account: Account): PrivateProfile {
  return {
    id: account.id,
    username: account.username,
    displayName: account.username,
    avatarUrl: null,
    bio: '',
    onlineStatus: 'offline',
    lastSeenAt: null,
    email: account.email,
    isEmailVerified: account.emailVerified,
    createdAt: account.createdAt.toISOString(),
    lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    friendCount: 0,
    role: roleOf(account),
  };
}
