import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import type { MessageRecord, SeqRange } from '../messages/message.entity.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { type MessageRow, toMessage } from '../storage/chat-sqlite-rows.js';
import type { ThreadSummaryRecord } from './thread.entity.js';
import { ThreadRepository } from './thread.repository.js';

const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

interface ReplierRow {
  thread_id: string;
  sender_id: string;
  n: number;
  last_at: string;
}

@Injectable()
export class SqliteThreadRepository extends ThreadRepository {
  private readonly repliers;
  private readonly repliesAsc;
  private readonly repliesDesc;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    // From the partial index messages_thread alone: per root and replier, their live replies, latest and first seq.
    this.repliers = db.prepare<[string], ReplierRow>(
      `SELECT thread_id, sender_id, COUNT(*) AS n, MAX(created_at) AS last_at, MIN(seq) AS first_seq FROM messages
       WHERE thread_id IN (SELECT value FROM json_each(?)) AND thread_id IS NOT NULL AND deleted_at IS NULL
       GROUP BY thread_id, sender_id ORDER BY thread_id, first_seq`,
    );
    const replies = (order: 'ASC' | 'DESC') =>
      db.prepare<[string, number, number, number], MessageRow>(
        `SELECT * FROM messages WHERE thread_id = ? AND thread_id IS NOT NULL AND seq > ? AND seq < ? ORDER BY seq ${order} LIMIT ?`,
      );
    this.repliesAsc = replies('ASC');
    this.repliesDesc = replies('DESC');
  }

  async summaries(_conversationId: string, rootIds: string[]): Promise<Map<string, ThreadSummaryRecord>> {
    const found = new Map<string, ThreadSummaryRecord>();
    if (rootIds.length === 0) return found;
    for (const row of this.repliers.all(JSON.stringify(rootIds))) {
      const summary = found.get(row.thread_id) ?? { replyCount: 0, lastReplyAt: new Date(0), replierIds: [] };
      const last = new Date(row.last_at);
      found.set(row.thread_id, {
        replyCount: summary.replyCount + row.n,
        lastReplyAt: last > summary.lastReplyAt ? last : summary.lastReplyAt,
        replierIds: [...summary.replierIds, row.sender_id],
      });
    }
    return found;
  }

  async replies(_conversationId: string, rootId: string, range: SeqRange): Promise<MessageRecord[]> {
    const statement = range.after === undefined ? this.repliesDesc : this.repliesAsc;
    return statement.all(rootId, range.after ?? 0, range.before ?? NO_UPPER_BOUND, range.limit).map(toMessage);
  }
}
