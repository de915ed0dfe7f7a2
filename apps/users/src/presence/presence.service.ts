import { Injectable } from '@nestjs/common';
import { USERS_BROADCASTS } from '#contracts';
import { KeyedSerialQueue, NatsBus } from '#common';
import type { TimeCursor } from '../friends/friendship.entity.js';
import { FriendshipRepository } from '../friends/friendship.repository.js';
import { ProfileRepository } from '../profiles/profile.repository.js';
import { statusFor } from './presence-rules.js';

const FRIENDS_PAGE = 500;

/**
 * Presence as the profiles show it (onlineStatus, lastSeenAt). The leases in the presence bucket are the
 * truth; this turns each change of "has a live lease" into one profile update and one `presence` broadcast
 * to the user's friends.
 */
@Injectable()
export class PresenceService {
  /** Checks per user run in order: a check reads the leases and writes in one turn. */
  private readonly checks = new KeyedSerialQueue();

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly friendships: FriendshipRepository,
    private readonly bus: NatsBus,
  ) {}

  /**
   * Brings the user's profile in line with `isLive()`, read when the check runs (not when it was asked for):
   * checks of one user run one after the other, so an older reading can never overwrite a newer one.
   */
  reconcile(userId: string, isLive: () => Promise<boolean>): Promise<void> {
    return this.checks.run(userId, async () => this.apply(userId, await isLive()));
  }

  onlineIds(): Promise<string[]> {
    return this.profiles.listOnlineIds();
  }

  private async apply(userId: string, live: boolean): Promise<void> {
    // Only the replica whose conditional update changed the row announces it: one broadcast per transition.
    const changed = await this.profiles.setPresence(userId, statusFor(live), new Date());
    if (!changed) return;
    const userIds = await this.friendIds(userId);
    if (userIds.length === 0) return;
    // One copy per friend: only the replicas holding a friend's sockets hear it (docs/adr/0012 amendment).
    this.bus.publishToUsers(USERS_BROADCASTS.presence, userIds, {
      userId,
      onlineStatus: changed.onlineStatus,
      lastSeenAt: changed.lastSeenAt?.toISOString() ?? null,
    });
  }

  private async friendIds(userId: string): Promise<string[]> {
    const ids: string[] = [];
    let after: TimeCursor | null = null;
    for (;;) {
      const page = await this.friendships.listFriends(userId, after, FRIENDS_PAGE);
      ids.push(...page.map((f) => f.friendId));
      const last = page.at(-1);
      if (page.length < FRIENDS_PAGE || !last) return ids;
      after = { at: last.since, id: last.friendId };
    }
  }
}
