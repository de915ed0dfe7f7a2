import { randomBytes } from 'node:crypto';
import type { AuthResult } from '#contracts';
import type { System } from './system.js';

export interface TestUser extends AuthResult {
  username: string;
  email: string;
  password: string;
}

let counter = 0;

/** A unique, valid username (3–32 chars). */
export function uniqueUsername(prefix = 'u'): string {
  counter += 1;
  return `${prefix}_${counter}_${randomBytes(4).toString('hex')}`;
}

/** Registers a fresh user through the gateway and returns its tokens and credentials. */
export async function registerUser(system: System, overrides: Partial<Record<'username' | 'email' | 'password', string>> = {}): Promise<TestUser> {
  const username = overrides.username ?? uniqueUsername();
  const email = overrides.email ?? `${username}@example.com`;
  const password = overrides.password ?? 'correct horse battery';
  const res = await system.request<AuthResult>('POST', '/api/auth/register', { body: { username, email, password } });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, username, email, password };
}

/** `a` asks `b` to be friends and `b` accepts, through the gateway. */
export async function befriend(system: System, a: TestUser, b: TestUser): Promise<void> {
  const asked = await system.request('POST', '/api/users/friends', { token: a.accessToken, body: { friendId: b.user.id } });
  if (asked.status !== 201) throw new Error(`friend request failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const accepted = await system.request('POST', `/api/users/friends/requests/${a.user.id}/accept`, { token: b.accessToken });
  if (accepted.status !== 200) throw new Error(`friend accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
}
