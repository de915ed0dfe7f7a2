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
import { decodeTimeCursor, DomainError, encodeTimeCursor, NatsBus, pageLimit, paged } from '#common';
import { BlockRepository } from '../blocks/block.repository.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { publicUserOf } from '../profiles/public-user.js';
import type { FriendRequest } from './friendship.entity.js';
import { FriendshipRepository } from './friendship.repository.js';

const ACCEPTED: FriendStatus = { status: 'accepted' };
const PENDING: FriendStatus = { status: 'pending' };
const blockedError = () => new DomainError(ErrorCode.BLOCKED, 'You cannot befriend this user');

/**
 * The friendship state machine for a pair (me, other):
 *   none --request--> pending(me→other) --accept by other--> friends
 *   pending(other→me) --request by me--> friends            (crossing requests)
 *   pending --decline by receiver / cancel (remove) by either--> none
 *   friends --remove by either--> none;  any state --block--> none (and requests are refused while blocked)
 *
 * Concurrency, without locks or multi-document transactions:
 * - a request is consumed by one atomic delete (acceptRequest/deleteRequest), so of an accept, a decline
 *   and a cancel racing for it exactly one wins;
 * - every link is written first and checked second. A block is written before it unlinks the pair, so a
 *   request or friendship written while a block lands is either seen by the blocker's unlink or sees the
 *   block in its own check and undoes itself. Likewise two crossing requests: at least one sees the other.
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
    // Early answers for the common cases; the checks after the write are the ones that hold under races.
    if (await this.blocks.between(me, friendId)) throw blockedError();
    if (await this.friendships.findFriendship(me, friendId)) {
      throw new DomainError(ErrorCode.ALREADY_FRIENDS, 'You are already friends');
    }
    const now = new Date();
    const created = await this.friendships.addRequest({ fromId: me, toId: friendId, createdAt: now });
    if (await this.friendships.acceptRequest(friendId, me, now)) return this.befriended(me, friendId);
    if (await this.blocks.between(me, friendId)) {
      await this.friendships.deleteRequest(me, friendId);
      throw blockedError();
    }
    // Befriended meanwhile (the other side took the crossing request): ours must not linger.
    if (await this.friendships.findFriendship(me, friendId)) {
      await this.friendships.deleteRequest(me, friendId);
      return ACCEPTED;
    }
    if (created) this.notify(friendId, 'friend:request', me);
    return PENDING;
  }

  async accept({ caller, userId }: TargetUserCommand): Promise<FriendStatus> {
    const me = caller.userId;
    if (!(await this.friendships.acceptRequest(userId, me, new Date()))) {
      // A repeated accept (or a crossing request that already did it) finds the friendship.
      if (await this.friendships.findFriendship(me, userId)) return ACCEPTED;
      throw DomainError.notFound('Friend request');
    }
    return this.befriended(me, userId);
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
    const page = paged(rows, size, (f) => encodeTimeCursor(f.since, f.friendId));
    const users = new Map((await this.profiles.publicUsers(page.items.map((f) => f.friendId))).map((u) => [u.id, u]));
    return {
      items: page.items.flatMap((f) => {
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

  /** Called by whoever consumed the request: a block that landed meanwhile undoes the friendship. */
  private async befriended(me: string, other: string): Promise<FriendStatus> {
    if (await this.blocks.between(me, other)) {
      await this.friendships.unlink(me, other);
      throw blockedError();
    }
    this.notify(other, 'friend:accepted', me);
    return ACCEPTED;
  }

  /** Best effort: the change is stored; a failed notification is logged, not reported to the caller. */
  private notify(toUserId: string, event: FriendEventName, aboutUserId: string): void {
    this.profiles
      .requireProfile(aboutUserId)
      .then((profile) => {
        const message: FriendBroadcast = { event, user: publicUserOf(profile) };
        this.bus.publishToUsers(USERS_BROADCASTS.friend, [toUserId], message);
      })
      .catch((error: unknown) => this.logger.warn({ err: error, toUserId, event }, 'friend notification not sent'));
  }
}
