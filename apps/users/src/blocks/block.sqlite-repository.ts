import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import type { TimeCursor } from '../friends/friendship.entity.js';
import { USERS_SQLITE } from '../storage/users-storage.tokens.js';
import type { Block, UnpublishedBlockChange } from './block.entity.js';
import { BlockRepository } from './block.repository.js';

interface BlockRow {
  blocker_id: string;
  blocked_id: string;
  created_at: string;
}

const toBlock = (row: BlockRow): Block => ({
  blockerId: row.blocker_id,
  blockedId: row.blocked_id,
  createdAt: new Date(row.created_at),
});

@Injectable()
export class SqliteBlockRepository extends BlockRepository {
  private readonly insert;
  private readonly deleteOne;
  private readonly one;
  private readonly either;
  private readonly blockers;
  private readonly page;
  private readonly mark;
  private readonly unmark;
  private readonly marked;

  constructor(@Inject(USERS_SQLITE) db: SqliteDatabase) {
    super();
    this.insert = db.prepare('INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)');
    this.deleteOne = db.prepare('DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?');
    this.one = db.prepare('SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?');
    this.either = db.prepare(
      `SELECT 1 FROM blocks WHERE (blocker_id = @a AND blocked_id = @b) OR (blocker_id = @b AND blocked_id = @a) LIMIT 1`,
    );
    this.blockers = db.prepare('SELECT blocker_id FROM blocks WHERE blocked_id = ?');
    this.page = db.prepare(
      `SELECT * FROM blocks
       WHERE blocker_id = @blockerId
         AND (@afterAt IS NULL OR created_at < @afterAt OR (created_at = @afterAt AND blocked_id < @afterId))
       ORDER BY created_at DESC, blocked_id DESC LIMIT @limit`,
    );
    this.mark = db.prepare(
      'INSERT INTO blocks_unpublished (token, blocker_id, blocked_id, since) VALUES (@token, @blockerId, @blockedId, @since)',
    );
    this.unmark = db.prepare('DELETE FROM blocks_unpublished WHERE token = ?');
    this.marked = db.prepare(
      `SELECT * FROM blocks_unpublished
       WHERE since < @before AND (@afterSince IS NULL OR since > @afterSince OR (since = @afterSince AND token > @afterToken))
       ORDER BY since, token LIMIT @limit`,
    );
  }

  async add(block: Block): Promise<boolean> {
    return this.insert.run(block.blockerId, block.blockedId, block.createdAt.toISOString()).changes === 1;
  }

  async remove(blockerId: string, blockedId: string): Promise<boolean> {
    return this.deleteOne.run(blockerId, blockedId).changes > 0;
  }

  async has(blockerId: string, blockedId: string): Promise<boolean> {
    return this.one.get(blockerId, blockedId) !== undefined;
  }

  async between(a: string, b: string): Promise<boolean> {
    return this.either.get({ a, b }) !== undefined;
  }

  async blockersOf(userId: string): Promise<string[]> {
    return (this.blockers.all(userId) as { blocker_id: string }[]).map((row) => row.blocker_id);
  }

  async list(blockerId: string, after: TimeCursor | null, limit: number): Promise<Block[]> {
    const rows = this.page.all({
      blockerId,
      afterAt: after?.at.toISOString() ?? null,
      afterId: after?.id ?? null,
      limit,
    }) as BlockRow[];
    return rows.map(toBlock);
  }

  async markUnpublished(change: UnpublishedBlockChange): Promise<void> {
    this.mark.run({ ...change, since: change.since.toISOString() });
  }

  async markPublished(token: string): Promise<boolean> {
    return this.unmark.run(token).changes > 0;
  }

  async unpublished(before: Date, after: Pick<UnpublishedBlockChange, 'since' | 'token'> | null, limit: number): Promise<UnpublishedBlockChange[]> {
    const rows = this.marked.all({
      before: before.toISOString(),
      afterSince: after?.since.toISOString() ?? null,
      afterToken: after?.token ?? null,
      limit,
    }) as { blocker_id: string; blocked_id: string; token: string; since: string }[];
    return rows.map((row) => ({ blockerId: row.blocker_id, blockedId: row.blocked_id, token: row.token, since: new Date(row.since) }));
  }
}
