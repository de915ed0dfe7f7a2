import { Injectable, Logger } from '@nestjs/common';
import {
  type AccountEventPayload,
  type AccountSummary,
  AUTH_SUBJECTS,
  type AuthUpdateAccountCommand,
  type Caller,
  ErrorCode,
  type GetAccountQuery,
  type PrivateProfile,
  type ProfilesByIdsQuery,
  type PublicUser,
  type PublicUserPage,
  type SearchUsersQuery,
  type SetAvatarCommand,
  type TargetUserCommand,
  type UpdateProfileCommand,
} from '#contracts';
import { decodeCursor, DomainError, encodeCursor, pageLimit, paged, RpcClient } from '#common';
import { BlockRepository } from '../blocks/block.repository.js';
import { FriendshipRepository } from '../friends/friendship.repository.js';
import { type AccountSnapshot, type Profile, type ProfileChanges, searchKey } from './profile.entity.js';
import { ProfileRepository } from './profile.repository.js';
import { publicUserOf } from './public-user.js';

/** Version of a profile seeded from a lookup: lower than any event's, so every event still applies. */
const SEED_VERSION = '';
/** Lookups to auth in flight at once when seeding many missing profiles (a query carries up to 1000 ids). */
const SEED_CONCURRENCY = 16;

const snapshotOf = (account: AccountSummary, version: string): AccountSnapshot => ({
  id: account.id,
  username: account.username,
  email: account.email,
  disabled: account.disabled,
  createdAt: new Date(account.createdAt),
  version,
});

@Injectable()
export class ProfilesService {
  private readonly logger = new Logger(ProfilesService.name);

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly friendships: FriendshipRepository,
    private readonly blocks: BlockRepository,
    private readonly rpc: RpcClient,
  ) {}

  async getProfile({ caller }: { caller: Caller }): Promise<PrivateProfile> {
    // Auth holds the login facts (last login, email verification); the lookup also seeds a lagging read copy.
    const account = await this.lookupAccount(caller.userId);
    const profile = await this.ensureProfile(account);
    return this.privateProfile(profile, account);
  }

  /**
   * Username/email go to auth first (it owns their uniqueness): a conflict fails the whole update before
   * anything here changes. Auth's reply carries the event version, so the read copy is updated now and
   * the event changes nothing when it arrives.
   */
  async updateProfile({ caller, username, email, displayName, bio, avatarUrl }: UpdateProfileCommand): Promise<PrivateProfile> {
    const now = new Date();
    let account: AccountSummary;
    if (username !== undefined || email !== undefined) {
      const command: AuthUpdateAccountCommand = { caller, username, email };
      account = await this.rpc.request(AUTH_SUBJECTS.updateAccount, command);
      if (account.version) await this.profiles.applyAccount(snapshotOf(account, account.version), now);
    } else {
      account = await this.lookupAccount(caller.userId);
    }
    let profile = await this.ensureProfile(account);
    const changes: ProfileChanges = {};
    if (displayName !== undefined) changes.displayName = displayName;
    if (bio !== undefined) changes.bio = bio;
    if (avatarUrl !== undefined) changes.avatarUrl = avatarUrl;
    if (Object.keys(changes).length > 0) {
      profile = (await this.profiles.updateFields(caller.userId, changes, now)) ?? profile;
    }
    return this.privateProfile(profile, account);
  }

  /** The avatar media just stored (a path it serves publicly), set like any profile change. */
  setAvatar({ caller, avatarUrl }: SetAvatarCommand): Promise<PrivateProfile> {
    return this.updateProfile({ caller, avatarUrl });
  }

  /** 404 when unknown, disabled, or when that user blocked the caller (no discovery through blocks). */
  async getUser({ caller, userId }: TargetUserCommand): Promise<PublicUser> {
    const profile = await this.requireProfile(userId);
    if (userId !== caller.userId && (await this.blocks.has(userId, caller.userId))) {
      throw DomainError.notFound('User');
    }
    return publicUserOf(profile);
  }

  async search({ caller, search, limit, cursor }: SearchUsersQuery): Promise<PublicUserPage> {
    const size = pageLimit(limit);
    const rows = await this.profiles.search({
      prefix: searchKey(search ?? ''),
      after: decodeCursor(cursor),
      limit: size + 1,
      excludeIds: await this.blocks.blockersOf(caller.userId),
    });
    const page = paged(rows, size, (p) => encodeCursor(searchKey(p.username), p.id));
    return { items: page.items.map(publicUserOf), nextCursor: page.nextCursor };
  }

  /**
   * For other services (chat): unknown ids are left out, order follows `ids`. An id the read copy does not
   * hold yet may be an account registered a moment ago whose event is still on its way: it is looked up in
   * auth and seeded, so chat can address a brand-new user at once.
   */
  async profilesByIds({ ids }: ProfilesByIdsQuery): Promise<PublicUser[]> {
    const unique = [...new Set(ids)];
    const found = await this.profiles.findByIds(unique);
    const held = new Set(found.map((p) => p.id));
    const seeded = await this.seedMissing(unique.filter((id) => !held.has(id)));
    return this.inOrder(ids, [...found, ...seeded]);
  }

  /** Profiles from the read copy only (lists of users the caller is already linked to). */
  async publicUsers(ids: string[]): Promise<PublicUser[]> {
    return this.inOrder(ids, await this.profiles.findByIds([...new Set(ids)]));
  }

  /** Applies an account event from auth; older or repeated versions change nothing (idempotent). */
  async applyAccountEvent(event: AccountEventPayload): Promise<void> {
    const applied = await this.profiles.applyAccount(
      {
        id: event.accountId,
        username: event.username,
        email: event.email,
        disabled: event.disabled,
        createdAt: new Date(event.createdAt),
        version: event.version,
      },
      new Date(),
    );
    this.logger.debug({ userId: event.accountId, version: event.version, applied }, 'account event');
  }

  /**
   * The profile of an existing, enabled account. If the read copy has not caught up with auth's events
   * yet (the account was registered a moment ago), it is seeded from auth; unknown accounts are 404.
   */
  async requireProfile(userId: string): Promise<Profile> {
    const profile = (await this.profiles.findById(userId)) ?? (await this.ensureProfile(await this.lookupAccount(userId)));
    if (profile.disabled) throw DomainError.notFound('User');
    return profile;
  }

  /** Seeds the accounts auth knows among `ids`, a bounded number of lookups at a time; unknown ids are skipped. */
  private async seedMissing(ids: string[]): Promise<Profile[]> {
    const seeded: Profile[] = [];
    for (let start = 0; start < ids.length; start += SEED_CONCURRENCY) {
      const batch = ids.slice(start, start + SEED_CONCURRENCY);
      const profiles = await Promise.all(batch.map((id) => this.seedIfKnown(id)));
      seeded.push(...profiles.filter((p): p is Profile => p !== null));
    }
    return seeded;
  }

  /** Other failures (auth not answering) propagate: "no such user" would be a wrong answer then. */
  private async seedIfKnown(userId: string): Promise<Profile | null> {
    try {
      return await this.ensureProfile(await this.lookupAccount(userId));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    }
  }

  private inOrder(ids: string[], profiles: Profile[]): PublicUser[] {
    const byId = new Map(profiles.map((p) => [p.id, p]));
    return ids.flatMap((id) => {
      const profile = byId.get(id);
      return profile ? [publicUserOf(profile)] : [];
    });
  }

  private async ensureProfile(account: AccountSummary): Promise<Profile> {
    const existing = await this.profiles.findById(account.id);
    if (existing) return existing;
    await this.profiles.applyAccount(snapshotOf(account, SEED_VERSION), new Date());
    const seeded = await this.profiles.findById(account.id);
    if (!seeded) throw DomainError.notFound('User');
    return seeded;
  }

  private lookupAccount(userId: string): Promise<AccountSummary> {
    const query: GetAccountQuery = { userId };
    return this.rpc.request(AUTH_SUBJECTS.getAccount, query);
  }

  private async privateProfile(profile: Profile, account: AccountSummary): Promise<PrivateProfile> {
    // Auth's answer is the freshest identity, even if the read copy is an event behind.
    const user = publicUserOf({ ...profile, username: account.username });
    return {
      ...user,
      email: account.email,
      isEmailVerified: account.isEmailVerified,
      createdAt: account.createdAt,
      lastLoginAt: account.lastLoginAt,
      friendCount: await this.friendships.countFriends(profile.id),
      role: account.role,
    };
  }
}
