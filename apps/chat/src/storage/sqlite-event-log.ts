import { DomainError, type SqliteDatabase } from '#common';
import type { SyncEventType } from '#contracts';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';

/**
 * The conversation sequence on SQLite. Call only inside a transaction: better-sqlite3 is synchronous and
 * the transaction is BEGIN IMMEDIATE, so claim + insert are serialised per database and a rollback
 * returns the number (no gaps, no duplicates).
 */
export class SqliteEventLog {
  private readonly claim;
  private readonly insert;

  constructor(db: SqliteDatabase) {
    this.claim = db.prepare<[string, string], { last_seq: number }>(
      'UPDATE conversations SET last_seq = last_seq + 1, activity_at = MAX(activity_at, ?) WHERE id = ? RETURNING last_seq',
    );
    this.insert = db.prepare(
      `INSERT INTO events (conversation_id, seq, type, message_id, user_id, content, edited_at, deleted_at, at)
       VALUES (@conversationId, @seq, @type, @messageId, @userId, @content, @editedAt, @deletedAt, @at)`,
    );
  }

  /** Takes the next seq of the conversation; throws NOT_FOUND for an unknown conversation. */
  nextSeq(conversationId: string, at: Date): number {
    const row = this.claim.get(at.toISOString(), conversationId);
    if (!row) throw DomainError.notFound('Conversation');
    return row.last_seq;
  }

  record(event: { conversationId: string; seq: number; type: SyncEventType; userId: string; at: Date; message: MessageRecord | null }): ChatEventRecord {
    this.insert.run({
      conversationId: event.conversationId,
      seq: event.seq,
      type: event.type,
      messageId: event.message?.id ?? null,
      userId: event.userId,
      content: event.message?.content ?? null,
      editedAt: event.message?.editedAt?.toISOString() ?? null,
      deletedAt: event.message?.deletedAt?.toISOString() ?? null,
      at: event.at.toISOString(),
    });
    return { ...event, message: event.message ? { ...event.message } : null };
  }
}
