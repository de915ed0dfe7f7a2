import { newId } from '#common';
import type { Account } from '../accounts/account.entity.js';

/** A valid, unsaved account for specs; unique names unless given. */
export function anAccount(overrides: Partial<Account> = {}): Account {
  const now = new Date();
  const id = newId();
  const username = overrides.username ?? `user_${id.slice(-8)}`;
  return {
    id,
    username,
    email: `${id.slice(-8)}@example.com`,
    passwordHash: 'hash',
    roles: ['user'],
    disabled: false,
    emailVerified: false,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    ...overrides,
  };
}
