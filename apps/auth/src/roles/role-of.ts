import { isRole, type Role, ROLES } from '#contracts';
import type { Account } from '../accounts/account.entity.js';

/** The account's role: the highest it holds (`roles` is stored as a list; the role routes keep one entry). */
export function roleOf(account: Pick<Account, 'roles'>): Role {
  const held = account.roles.filter(isRole);
  return [...ROLES].reverse().find((role) => held.includes(role)) ?? 'user';
}

/** ADMIN_USERNAMES as a set of folded names (compared like usernames: case-insensitively). */
export function adminUsernames(list: string): Set<string> {
  return new Set(
    list
      .split(',')
      .map((name) => name.trim().normalize('NFC').toLowerCase())
      .filter((name) => name !== ''),
  );
}
