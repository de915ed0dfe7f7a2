import { Inject, Injectable } from '@nestjs/common';
import { prepared, type SqliteDatabase } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { type LogOutboxEntry, LogOutboxRepository } from './log-outbox.repository.js';

interface EntryRow {
  id: number;
  conversation_id: string;
  seq: number;
  message_id: string;
  user_id: string;
  at: string;
}

@Injectable()
export class SqliteLogOutboxRepository extends LogOutboxRepository {
  constructor(@Inject(CHAT_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async pending(limit: number): Promise<LogOutboxEntry[]> {
    const rows = prepared<[number], EntryRow>(this.db,
        `SELECT o.id, o.conversation_id, o.seq, e.message_id, e.user_id, e.at
         FROM log_outbox o JOIN events e ON e.conversation_id = o.conversation_id AND e.seq = o.seq
         ORDER BY o.id LIMIT ?`,
      )
      .all(limit);
    return rows.map((row) => ({
      key: String(row.id),
      conversationId: row.conversation_id,
      seq: row.seq,
      messageId: row.message_id,
      senderId: row.user_id,
      at: new Date(row.at),
    }));
  }

  /** Published entries are deleted: JetStream holds them from now on, and the table stays small. */
  async markPublished(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    prepared(this.db, 'DELETE FROM log_outbox WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(keys.map(Number)));
  }
}
