import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { type BlockCopyChange, BlockCopyRepository } from './block-copy.repository.js';

@Injectable()
export class SqliteBlockCopyRepository extends BlockCopyRepository {
  private readonly upsert;
  private readonly either;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    // An unblock keeps its row (blocked = 0) so that an older block arriving late cannot bring the pair back.
    this.upsert = db.prepare<[string, string, number, number]>(
      `INSERT INTO blocks_copy (blocker_id, blocked_id, blocked, seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET blocked = excluded.blocked, seq = excluded.seq WHERE excluded.seq > blocks_copy.seq`,
    );
    this.either = db.prepare<[string, string, string, string], { found: number }>(
      `SELECT 1 AS found FROM blocks_copy
       WHERE blocked = 1 AND ((blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)) LIMIT 1`,
    );
  }

  async apply(change: BlockCopyChange): Promise<void> {
    this.upsert.run(change.blockerId, change.blockedId, change.blocked ? 1 : 0, change.seq);
  }

  async between(a: string, b: string): Promise<boolean> {
    return this.either.get(a, b, b, a) !== undefined;
  }
}
