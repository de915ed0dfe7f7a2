import { type AccountSummary, AUTH_SUBJECTS, type Caller, ErrorCode, type FriendBroadcast } from '#contracts';
import { DomainError, type NatsBus, newId, type RpcClient } from '#common';
import type { Fixture } from '#common/testing';
import { BlocksService } from '../blocks/blocks.service.js';
import { FriendsService } from '../friends/friends.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type UsersRepos, usersRepositoryFactories } from '../storage/users-test-fixtures.js';

/** Auth as the users service sees it over NATS: account lookups and identity changes. */
export class FakeAuth {
  readonly accounts = new Map<string, AccountSummary>();
  readonly requests: { subject: string; payload: Record<string, unknown> }[] = [];
  /** Usernames auth refuses as taken. */
  readonly taken = new Set<string>();

  add(username: string): AccountSummary {
    const account: AccountSummary = {
      id: newId(),
      username,
      email: `${username}@example.com`,
      isEmailVerified: false,
      disabled: false,
      createdAt: new Date().toISOString(),
      lastLoginAt: null,
      version: null,
    };
    this.accounts.set(account.id, account);
    return account;
  }

  asRpc(): RpcClient {
    const request = async (subject: string, payload: Record<string, unknown>): Promise<unknown> => {
      this.requests.push({ subject, payload });
      const caller = payload.caller as { userId: string } | undefined;
      const account = this.accounts.get(caller?.userId ?? (payload.userId as string));
      if (!account) throw DomainError.notFound('Account');
      if (subject === AUTH_SUBJECTS.getAccount) return account;
      if (subject === AUTH_SUBJECTS.updateAccount) {
        if (this.taken.has(payload.username as string)) throw new DomainError(ErrorCode.USERNAME_TAKEN, 'taken');
        const updated = { ...account, ...(payload.username ? { username: payload.username as string } : {}), version: newId() };
        this.accounts.set(account.id, { ...updated, version: null });
        return updated;
      }
      throw new Error(`unexpected request ${subject}`);
    };
    return { request } as unknown as RpcClient;
  }
}

export interface UsersServices {
  repos: UsersRepos;
  auth: FakeAuth;
  profiles: ProfilesService;
  friends: FriendsService;
  blocks: BlocksService;
  /** Friend notifications published so far. */
  broadcasts: FriendBroadcast[];
  /** Adds an account to auth and its profile to the read copy; returns the caller for it. */
  user(username: string): Promise<Caller>;
  close(): Promise<void>;
}

/** The users services over a fresh SQLite store, with auth and the bus faked. */
export async function usersServices(): Promise<UsersServices> {
  const fixture: Fixture<UsersRepos> = await usersRepositoryFactories.sqlite();
  const { repos } = fixture;
  const auth = new FakeAuth();
  const broadcasts: FriendBroadcast[] = [];
  const bus = { publish: (_subject: string, payload: object) => broadcasts.push(payload as FriendBroadcast) } as unknown as NatsBus;
  const profiles = new ProfilesService(repos.profiles, repos.friendships, repos.blocks, auth.asRpc());
  return {
    repos,
    auth,
    profiles,
    friends: new FriendsService(repos.friendships, repos.blocks, profiles, bus),
    blocks: new BlocksService(repos.blocks, repos.friendships, profiles),
    broadcasts,
    async user(username: string) {
      const account = auth.add(username);
      await repos.profiles.applyAccount({ ...account, createdAt: new Date(account.createdAt), version: newId() }, new Date());
      return { userId: account.id, sessionId: newId() };
    },
    close: () => fixture.close(),
  };
}

/** Notifications are sent after the reply; let them settle before asserting. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The error code a call failed with, or 'resolved'. */
export function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );
}
