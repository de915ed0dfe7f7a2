import { Injectable, Logger } from '@nestjs/common';
import type { BlockCheckQuery, BlockCheckResult, CallerPageQuery, PublicUserPage, TargetUserCommand } from '#contracts';
import { asError, decodeTimeCursor, DomainError, encodeTimeCursor, newId, pageLimit, paged } from '#common';
import { FriendshipRepository } from '../friends/friendship.repository.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { BlockEventsPublisher } from './block-events.publisher.js';
import type { UnpublishedBlockChange } from './block.entity.js';
import { BlockRepository } from './block.repository.js';

/** Publications of one pair that still find the stored state moving after they land: then the sweep takes over. */
const PUBLISH_ATTEMPTS = 3;
/** Marks the sweep reads at a time. */
const SWEEP_PAGE = 100;

/** Which marks a sweep publishes for, and which it may also clear. */
export interface SweepWindow {
  /** Marks set before this are published again: their call has answered, or died. */
  publishBefore: Date;
  /**
   * Marks set before this are also cleared once a publish matched the store. Later, the call's write may still be on
   * its way (a stalled database), so the mark stays and later sweeps publish again.
   */
  clearBefore: Date;
  /** Checked between pairs: true ends the sweep (shutdown). */
  stopped?: () => boolean;
}

@Injectable()
export class BlocksService {
  private readonly logger = new Logger(BlocksService.name);

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
    const token = await this.markUnpublished(caller.userId, userId);
    await this.blocks.add({ blockerId: caller.userId, blockedId: userId, createdAt: new Date() });
    await this.friendships.unlink(caller.userId, userId);
    // Published on every call, a repeat included.
    await this.publishState(caller.userId, userId, token);
  }

  async unblock({ caller, userId }: TargetUserCommand): Promise<void> {
    const token = await this.markUnpublished(caller.userId, userId);
    const removed = await this.blocks.remove(caller.userId, userId);
    // Published even when there was nothing to remove, so a retry also brings chat's copy up to date at once.
    await this.publishState(caller.userId, userId, token);
    if (!removed) throw DomainError.notFound('Block');
  }

  /**
   * Publishes again the stored state of each pair with a mark that was never cleared: its call died between its write
   * and its publish, or its publish failed (ADR 0019). Run by BlockPublicationSweeper. One publish per pair, without
   * waiting for chat to apply it; a pair that fails is left for the next sweep and the others still go. Returns the
   * pairs published; throws the first failure at the end.
   */
  async publishUnpublished(window: SweepWindow): Promise<number> {
    let published = 0;
    let failure: Error | undefined;
    let after: UnpublishedBlockChange | null = null;
    for (;;) {
      const page = await this.blocks.unpublished(window.publishBefore, after, SWEEP_PAGE);
      // Not Map.groupBy: Node 20 is still supported.
      const pairs = new Map<string, UnpublishedBlockChange[]>();
      for (const mark of page) {
        const key = `${mark.blockerId} ${mark.blockedId}`;
        const group = pairs.get(key);
        if (group) group.push(mark);
        else pairs.set(key, [mark]);
      }
      for (const marks of pairs.values()) {
        if (window.stopped?.()) return published;
        const { blockerId, blockedId } = marks[0];
        try {
          if (!(await this.publishPair(blockerId, blockedId, false))) continue;
          published += 1;
          for (const mark of marks) if (mark.since < window.clearBefore) await this.blocks.markPublished(mark.token);
        } catch (error) {
          failure ??= asError(error);
        }
      }
      after = page.at(-1) ?? null;
      if (page.length < SWEEP_PAGE) break;
    }
    if (failure) throw failure;
    return published;
  }

  /** Written before the block row changes, so a process that dies after that write leaves the mark for the sweep. */
  private async markUnpublished(blockerId: string, blockedId: string): Promise<string> {
    const token = newId();
    await this.blocks.markUnpublished({ blockerId, blockedId, token, since: new Date() });
    return token;
  }

  /** After the call's write: its mark is cleared once a publish matched the store. */
  private async publishState(blockerId: string, blockedId: string, token: string): Promise<void> {
    if (await this.publishPair(blockerId, blockedId, true)) await this.blocks.markPublished(token);
  }

  /**
   * Chat's copy gets the pair's state as stored, read when the event is built, not what a call meant to change.
   * Chat keeps the event published last, so an event read before a concurrent call's write but published after it
   * would leave the copy stale: after each publish the state is read again, and published again if it moved.
   * Resolves true once a publish matched the store; false when it kept moving (the marks stay for the sweep).
   */
  private async publishPair(blockerId: string, blockedId: string, awaitChat: boolean): Promise<boolean> {
    let blocked = await this.blocks.has(blockerId, blockedId);
    for (let attempt = 1; ; attempt += 1) {
      await this.events.changed({ blockerId, blockedId, blocked, at: new Date().toISOString() }, { awaitChat });
      const now = await this.blocks.has(blockerId, blockedId);
      if (now === blocked) return true;
      if (attempt === PUBLISH_ATTEMPTS) {
        this.logger.warn({ blockerId, blockedId }, 'block state still moving after its publishes; the sweep publishes it again');
        return false;
      }
      blocked = now;
    }
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
