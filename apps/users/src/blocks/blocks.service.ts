import { Injectable } from '@nestjs/common';
import type { BlockCheckQuery, BlockCheckResult, CallerPageQuery, PublicUserPage, TargetUserCommand } from '#contracts';
import { decodeTimeCursor, DomainError, encodeTimeCursor, pageLimit, paged } from '#common';
import { FriendshipRepository } from '../friends/friendship.repository.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { BlockEventsPublisher } from './block-events.publisher.js';
import { BlockRepository } from './block.repository.js';

@Injectable()
export class BlocksService {
  constructor(
    private readonly blocks: BlockRepository,
    private readonly friendships: FriendshipRepository,
    private readonly profiles: ProfilesService,
    private readonly events: BlockEventsPublisher,
  ) {}

  /**
   * Blocks `userId` and ends the friendship and pending requests either way. The block is written first:
   * from then on new requests are refused, so nothing can re-link the pair after the unlink. Repeating it
   * is harmless.
   */
  async block({ caller, userId }: TargetUserCommand): Promise<void> {
    if (userId === caller.userId) {
      throw DomainError.validation([{ field: 'userId', message: 'you cannot block yourself' }], 'You cannot block yourself');
    }
    await this.profiles.requireProfile(userId);
    const at = new Date();
    await this.blocks.add({ blockerId: caller.userId, blockedId: userId, createdAt: at });
    await this.friendships.unlink(caller.userId, userId);
    // Published on every call, a repeat included: a retry after a failed publish still reaches chat's copy.
    await this.publishState(caller.userId, userId);
  }

  async unblock({ caller, userId }: TargetUserCommand): Promise<void> {
    const removed = await this.blocks.remove(caller.userId, userId);
    // Published even when there was nothing to remove: the client retries an unblock whose publish failed after
    // the row was deleted, and that retry (404) is what brings chat's copy, which still holds the block, up to date.
    await this.publishState(caller.userId, userId);
    if (!removed) throw DomainError.notFound('Block');
  }

  /**
   * Chat's copy gets the pair's state as stored when the event is built, not what this call meant to change: of
   * two concurrent calls on one pair, the event published last carries the later reading (no outbox yet: ADR 0019).
   */
  private async publishState(blockerId: string, blockedId: string): Promise<void> {
    const blocked = await this.blocks.has(blockerId, blockedId);
    await this.events.changed({ blockerId, blockedId, blocked, at: new Date().toISOString() });
  }

  /** The users the caller blocked, most recent first. */
  async list({ caller, limit, cursor }: CallerPageQuery): Promise<PublicUserPage> {
    const size = pageLimit(limit);
    const rows = await this.blocks.list(caller.userId, decodeTimeCursor(cursor), size + 1);
    const page = paged(rows, size, (b) => encodeTimeCursor(b.createdAt, b.blockedId));
    return { items: await this.profiles.publicUsers(page.items.map((b) => b.blockedId)), nextCursor: page.nextCursor };
  }

  /** For chat: true when either user has blocked the other. */
  async between({ userA, userB }: BlockCheckQuery): Promise<BlockCheckResult> {
    return { blocked: await this.blocks.between(userA, userB) };
  }
}
