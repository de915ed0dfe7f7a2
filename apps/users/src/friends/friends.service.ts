import { Injectable, Logger } from '@nestjs/common';
import {
  type Caller,
  type CallerPageQuery,
  ErrorCode,
  type FriendBroadcast,
  type FriendCommand,
  type FriendEventName,
  type FriendPage,
  type FriendRequests,
  type FriendStatus,
  type TargetUserCommand,
  USERS_BROADCASTS,
} from '#contracts';
import { DomainError, NatsBus } from '#common';
import { BlockRepository } from '../blocks/block.repository.js';
import { decodeTimeCursor, pageLimit, toPage } from '../paging/cursor.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { publicUserOf } from '../profiles/public-user.js';
import type { FriendRequest } from './friendship.entity.js';
import { FriendshipRepository } from './friendship.repository.js';

const ACCEPTED: FriendStatus = { status: 'accepted' };
const PENDING: FriendStatus = { status: 'pending' };

/**
 * The friendship state machine for a pair (me, other):
 *   none --request--> pending(me→other) --accept by other--> friends
 *   pending(other→me) --request by me--> friends            (crossing requests)
 *   pending --decline by receiver / cancel (remove) by either--> none
 *   friends --remove by either--> none;  any state --block--> none (and requests are refused while blocked)
 * Each step is an idempotent write guarded by primary keys, so concurrent steps converge.
 */
@Injectable()
export class FriendsService {
  private readonly logger = new Logger(FriendsService.name);

  constructor(
    private readonly friendships: FriendshipRepository,
    private readonly blocks: BlockRepository,
    private readonly profiles: ProfilesService,
    private readonly bus: NatsBus,
  ) {}

  async request({ caller, friendId }: FriendCommand): Promise<FriendStatus> {
    const me = caller.userId;
    if (friendId === me) {
      throw DomainError.validation([{ field: 'friendId', message: 'you cannot befriend yourself' }], 'You cannot befriend yourself');
    }
    await this.profiles.requireProfile(friendId);
    if (await this.blocks.between(me, friendId)) throw new DomainError(ErrorCode.BLOCKED, 'You cannot befriend this user');
    if (await this.friendships.findFriendship(me, friendId)) {
      throw new DomainError(ErrorCode.ALREADY_FRIENDS, 'You are already friends');
    }
    const now = new Date();
    const created = await this.friendships.addRequest({ fromId: me, toId: friendId, createdAt: now });
    // Written first, checked second: of two crossing requests at least the later one sees the other.
    if (await this.friendships.findRequest(friendId, me)) {
      await this.friendships.befriend(me, friendId, now);
      this.notify(friendId, 'friend:accepted', me);
      return ACCEPTED;
    }
    // The crossing request may have been turned into the friendship by the other side meanwhile.
    if (await this.friendships.findFriendship(me, friendId)) return ACCEPTED;
    if (created) this.notify(friendId, 'friend:request', me);
    return PENDING;
  }

  async accept({ caller, userId }: TargetUserCommand): Promise<FriendStatus> {
    const me = caller.userId;
    if (!(await this.friendships.findRequest(userId, me))) {
      // A repeated accept (or a crossing request that already did it) finds the friendship.
      if (await this.friendships.findFriendship(me, userId)) return ACCEPTED;
      throw DomainError.notFound('Friend request');
    }
    await this.friendships.befriend(me, userId, new Date());
    this.notify(userId, 'friend:accepted', me);
    return ACCEPTED;
  }

  async decline({ caller, userId }: TargetUserCommand): Promise<void> {
    if (!(await this.friendships.deleteRequest(userId, caller.userId))) throw DomainError.notFound('Friend request');
  }

  /** Ends the friendship, or cancels a pending request in either direction. */
  async remove({ caller, friendId }: FriendCommand): Promise<void> {
    const { friendship, requests } = await this.friendships.unlink(caller.userId, friendId);
    if (!friendship && !requests) throw DomainError.notFound('Friendship or friend request');
    this.notify(friendId, 'friend:removed', caller.userId);
  }

  async list({ caller, limit, cursor }: CallerPageQuery): Promise<FriendPage> {
    const size = pageLimit(limit);
    const rows = await this.friendships.listFriends(caller.userId, decodeTimeCursor(cursor), size + 1);
    const page = toPage(rows, size, (f) => [f.since.toISOString(), f.friendId]);
    const users = new Map((await this.profiles.publicUsers(page.rows.map((f) => f.friendId))).map((u) => [u.id, u]));
    return {
      items: page.rows.flatMap((f) => {
        const user = users.get(f.friendId);
        return user ? [{ ...user, since: f.since.toISOString() }] : [];
      }),
      nextCursor: page.nextCursor,
    };
  }

  async requests({ caller }: { caller: Caller }): Promise<FriendRequests> {
    const { incoming, outgoing } = await this.friendships.requestsOf(caller.userId);
    const users = new Map(
      (await this.profiles.publicUsers([...incoming.map((r) => r.fromId), ...outgoing.map((r) => r.toId)])).map((u) => [u.id, u]),
    );
    const view = (requests: FriendRequest[], otherOf: (r: FriendRequest) => string) =>
      requests.flatMap((r) => {
        const user = users.get(otherOf(r));
        return user ? [{ user, createdAt: r.createdAt.toISOString() }] : [];
      });
    return { incoming: view(incoming, (r) => r.fromId), outgoing: view(outgoing, (r) => r.toId) };
  }

  /** Best effort: the change is stored; a failed notification is logged, not reported to the caller. */
  private notify(toUserId: string, event: FriendEventName, aboutUserId: string): void {
    this.profiles
      .requireProfile(aboutUserId)
      .then((profile) => {
        const message: FriendBroadcast = { toUserId, event, user: publicUserOf(profile) };
        this.bus.publish(USERS_BROADCASTS.friend, message);
      })
      .catch((error: unknown) => this.logger.warn({ err: error, toUserId, event }, 'friend notification not sent'));
  }
}
