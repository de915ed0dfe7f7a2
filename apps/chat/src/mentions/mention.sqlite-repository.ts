import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import type { MentionCursor, MentioningMessage, MentionRecord, ReadPositionRef } from './mention.entity.js';
import { MentionRepository } from './mention.repository.js';

interface MentionRow {
  message_id: string;
  conversation_id: string;
  user_id: string;
  seq: number;
  created_at: string;
}

const toMention = (row: MentionRow): MentionRecord => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  userId: row.user_id,
  seq: row.seq,
  createdAt: new Date(row.created_at),
});

// Larger than any id: the first page of the list has no bound.
const AFTER_ANY_ID = '\uffff';

@Injectable()
export class SqliteMentionRepository extends MentionRepository {
  private readonly remove;
  private readonly insert;
  private readonly byMessages;
  private readonly unread;
  private readonly latest;
  private readonly replaceTx;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.remove = db.prepare('DELETE FROM mentions WHERE message_id = ?');
    this.insert = db.prepare('INSERT OR IGNORE INTO mentions (message_id, conversation_id, user_id, seq, created_at) VALUES (?, ?, ?, ?, ?)');
    this.byMessages = db.prepare<[string], MentionRow>('SELECT * FROM mentions WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, user_id');
    this.unread = db.prepare<[string, string, number], { n: number }>('SELECT COUNT(*) AS n FROM mentions WHERE conversation_id = ? AND user_id = ? AND seq > ?');
    this.latest = db.prepare<[string, string, string, string, number], MentionRow>(
      `SELECT * FROM mentions WHERE user_id = ? AND (created_at < ? OR (created_at = ? AND message_id < ?))
       ORDER BY created_at DESC, message_id DESC LIMIT ?`,
    );
    this.replaceTx = db.transaction((m: MentioningMessage, userIds: string[]) => {
      this.remove.run(m.messageId);
      for (const userId of userIds) this.insert.run(m.messageId, m.conversationId, userId, m.seq, m.createdAt.toISOString());
    });
  }

  async replace(message: MentioningMessage, userIds: string[]): Promise<void> {
    this.replaceTx.immediate(message, userIds);
  }

  async forMessages(messageIds: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    if (messageIds.length === 0) return found;
    for (const row of this.byMessages.all(JSON.stringify(messageIds))) found.set(row.message_id, [...(found.get(row.message_id) ?? []), row.user_id]);
    return found;
  }

  async unreadCounts(userId: string, positions: ReadPositionRef[]): Promise<Map<string, number>> {
    return new Map(positions.map((p) => [p.conversationId, (this.unread.get(p.conversationId, userId, p.lastReadSeq) as { n: number }).n]));
  }

  async listForUser(userId: string, range: { before?: MentionCursor; limit: number }): Promise<MentionRecord[]> {
    const at = range.before?.createdAt.toISOString() ?? '9999-12-31T23:59:59.999Z';
    return this.latest.all(userId, at, at, range.before?.messageId ?? AFTER_ANY_ID, range.limit).map(toMention);
  }
}
