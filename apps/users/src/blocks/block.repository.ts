import type { TimeCursor } from '../friends/friendship.entity.js';
import type { Block, UnpublishedBlockChange } from './block.entity.js';

/** Port for blocks: at most one per (blocker, blocked) pair (primary key / unique index). */
export abstract class BlockRepository {
  /** Returns false if it already existed. */
  abstract add(block: Block): Promise<boolean>;
  /** Returns false if there was no such block. */
  abstract remove(blockerId: string, blockedId: string): Promise<boolean>;
  /** True when `blockerId` has blocked `blockedId` (one direction only). */
  abstract has(blockerId: string, blockedId: string): Promise<boolean>;
  /** True when either user has blocked the other. */
  abstract between(a: string, b: string): Promise<boolean>;
  /** Ids of the users who blocked `userId`. */
  abstract blockersOf(userId: string): Promise<string[]>;
  /** The blocker's blocks, newest first, strictly after the cursor. */
  abstract list(blockerId: string, after: TimeCursor | null, limit: number): Promise<Block[]>;
  /** Marks the call `change.token` on its pair as possibly unpublished. */
  abstract markUnpublished(change: UnpublishedBlockChange): Promise<void>;
  /** Clears the call's mark; false when there was none (already cleared). */
  abstract markPublished(token: string): Promise<boolean>;
  /** Marks set before `before`, oldest first (by since, then token), strictly after `after` in that order. */
  abstract unpublished(before: Date, after: Pick<UnpublishedBlockChange, 'since' | 'token'> | null, limit: number): Promise<UnpublishedBlockChange[]>;
}
