import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type SqliteDatabase } from '#common';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { SqliteConversationLog } from '../conversation-log/conversation-log.sqlite.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import type { PinChange, PinRecord } from './pin.entity.js';
import { PinRepository } from './pin.repository.js';

interface PinRow {
  message_id: string;
  conversation_id: string;
  pinned_by: string;
  pinned_at: string;
  seq: number;
}

const toPin = (row: PinRow): PinRecord => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  pinnedBy: row.pinned_by,
  pinnedAt: new Date(row.pinned_at),
  seq: row.seq,
});

const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

@Injectable()
export class SqlitePinRepository extends PinRepository {
  private readonly log: SqliteConversationLog;
  private readonly message;
  private readonly byMessage;
  private readonly byMessages;
  private readonly latest;
  private readonly insert;
  private readonly remove;
  private readonly pinTx;
  private readonly unpinTx;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.log = new SqliteConversationLog(db);
    this.message = db.prepare<[string], { conversation_id: string; deleted_at: string | null }>('SELECT conversation_id, deleted_at FROM messages WHERE id = ?');
    this.byMessage = db.prepare<[string], PinRow>('SELECT * FROM pins WHERE message_id = ?');
    this.byMessages = db.prepare<[string], PinRow>('SELECT * FROM pins WHERE message_id IN (SELECT value FROM json_each(?))');
    this.latest = db.prepare<[string, number, number], PinRow>('SELECT * FROM pins WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
    this.insert = db.prepare('INSERT INTO pins (message_id, conversation_id, pinned_by, pinned_at, seq) VALUES (?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM pins WHERE message_id = ?');
    this.pinTx = db.transaction((c: PinChange) => this.changeNow(c, 'message.pinned'));
    this.unpinTx = db.transaction((c: PinChange) => this.changeNow(c, 'message.unpinned'));
  }

  async pin(change: PinChange): Promise<ChatEventRecord | null> {
    return this.pinTx.immediate(change);
  }

  async unpin(change: PinChange): Promise<ChatEventRecord | null> {
    return this.unpinTx.immediate(change);
  }

  async forMessages(_conversationId: string, messageIds: string[]): Promise<Map<string, PinRecord>> {
    if (messageIds.length === 0) return new Map();
    return new Map(this.byMessages.all(JSON.stringify(messageIds)).map((row) => [row.message_id, toPin(row)]));
  }

  async list(conversationId: string, range: { beforeSeq?: number; limit: number }): Promise<PinRecord[]> {
    return this.latest.all(conversationId, range.beforeSeq ?? NO_UPPER_BOUND, range.limit).map(toPin);
  }

  private changeNow({ messageId, userId, at }: PinChange, type: 'message.pinned' | 'message.unpinned'): ChatEventRecord | null {
    const message = this.message.get(messageId);
    if (!message || message.deleted_at !== null) throw DomainError.notFound('Message');
    const pinned = this.byMessage.get(messageId) !== undefined;
    if (pinned === (type === 'message.pinned')) return null;
    return this.log.append(message.conversation_id, { type, userId, at, target: { messageId, emoji: null } }, (seq) => {
      if (type === 'message.pinned') this.insert.run(messageId, message.conversation_id, userId, at.toISOString(), seq);
      else this.remove.run(messageId);
      return null;
    });
  }
}
