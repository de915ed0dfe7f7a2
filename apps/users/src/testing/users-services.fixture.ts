import { type AccountSummary, AUTH_SUBJECTS, type BlockChangedEvent, type Caller, ErrorCode, type FriendBroadcast } from '#contracts';
import { DomainError, type NatsBus, newId, type RpcClient } from '#common';
import type { Fixture } from '#common/testing';
import type { BlockEventsPublisher } from '../blocks/block-events.publisher.js';
import { BlocksService } from '../blocks/blocks.service.js';
import { FriendsService } from '../friends/friends.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type UsersRepos, usersRepositoryFactories } from './users-repositories.fixture.js';

/** Auth as the users service sees it over NATS: account lookups and identity changes. */
export class FakeAuth {
  readonly accounts = new Map<string, AccountSummary>();
  readonly requests: { subject: string; payload: Record<string, unknown> }[] = [];
  /** Usernames auth refuses as taken. */
  readonly taken = new Set<string>();
  /** When true, every request fails as if auth did not answer in time. */
  down = false;
  /** Most requests that were in flight at the same time. */
  maxInFlight = 0;
  private inFlight = 0;

  add(username: string): AccountSummary {
    const account: AccountSummary = {
      id: newId(),
      username,
      email: `${username}@example.com`,
      isEmailVerified: false,
      disabled: false,
      role: 'user',
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
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        // A real round trip: let other requests start meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        return answer(subject, payload);
      } finally {
        this.inFlight -= 1;
      }
    };
    const answer = (subject: string, payload: Record<string, unknown>): unknown => {
      if (this.down) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A service did not answer in time');
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
  /** Friend notifications published so far, each with the user it was addressed to. */
  broadcasts: (FriendBroadcast & { toUserId: string })[];
  /** Block events published so far (for chat's read copy). */
  blockEvents: BlockChangedEvent[];
  /** The next block event fails to publish (as a NATS error would), and is not recorded. */
  failNextBlockEvent(): void;
  /** `meanwhile` runs once, while the next block event is on its way: it is recorded after what `meanwhile` published. */
  beforeNextBlockEvent(meanwhile: () => Promise<unknown>): void;
  /** Adds an account to auth and its profile to the read copy; returns the caller for it. */
  user(username: string): Promise<Caller>;
  /** A FriendsService over the same store, profiles and bus, with some repositories swapped (see `interleave`). */
  friendsOver(repos: Partial<Pick<UsersRepos, 'friendships' | 'blocks'>>): FriendsService;
  close(): Promise<void>;
}

/** The users services over a fresh SQLite store, with auth and the bus faked. */
export async function usersServices(): Promise<UsersServices> {
  const fixture: Fixture<UsersRepos> = await usersRepositoryFactories.sqlite();
  const { repos } = fixture;
  const auth = new FakeAuth();
  const broadcasts: (FriendBroadcast & { toUserId: string })[] = [];
  const blockEvents: BlockChangedEvent[] = [];
  let failNext = false;
  let meanwhile: (() => Promise<unknown>) | undefined;
  const bus = {
    publishToUsers: (_subject: string, userIds: string[], payload: FriendBroadcast) => {
      for (const toUserId of userIds) broadcasts.push({ toUserId, ...payload });
    },
  } as unknown as NatsBus;
  const profiles = new ProfilesService(repos.profiles, repos.friendships, repos.blocks, auth.asRpc());
  return {
    repos,
    auth,
    profiles,
    friends: new FriendsService(repos.friendships, repos.blocks, profiles, bus),
    blocks: new BlocksService(repos.blocks, repos.friendships, profiles, {
      changed: async (e: BlockChangedEvent) => {
        if (failNext) {
          failNext = false;
          throw new Error('publish failed');
        }
        const first = meanwhile;
        meanwhile = undefined;
        await first?.();
        blockEvents.push(e);
      },
    } as BlockEventsPublisher),
    broadcasts,
    blockEvents,
    failNextBlockEvent: () => void (failNext = true),
    beforeNextBlockEvent: (run) => void (meanwhile = run),
    friendsOver: (swapped) => new FriendsService(swapped.friendships ?? repos.friendships, swapped.blocks ?? repos.blocks, profiles, bus),
    async user(username: string) {
      const account = auth.add(username);
      await repos.profiles.applyAccount({ ...account, createdAt: new Date(account.createdAt), version: newId() }, new Date());
      return { userId: account.id, sessionId: newId() };
    },
    close: () => fixture.close(),
  };
}

/**
 * Wraps a repository so that `meanwhile` runs once, right after the first call made through the wrapper
 * has finished and before its caller continues: another request landing between two steps of a use case.
 */
export function interleave<T extends object>(repository: T, meanwhile: () => Promise<unknown>): T {
  let fired = false;
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (!fired) {
          fired = true;
          await meanwhile();
        }
        return result;
      };
    },
  });
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
