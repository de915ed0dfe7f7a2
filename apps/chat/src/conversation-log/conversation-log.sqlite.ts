import { DomainError, type SqliteDatabase } from '#common';
import type { CallLogEntry, SyncEventType } from '#contracts';
import type { MessageRecord } from '../messages/message.entity.js';
import { type MessageRow, toMessage } from '../storage/chat-sqlite-rows.js';
import { type ChatEventRecord, type EventTarget, hasMessageSnapshot, isRelayed } from './conversation-event.js';

/**
 * An events row with its message's columns (null for member events); content and dates are the event's snapshot.
 * Reaction events name their message (event_message_id) and emoji but carry no snapshot.
 */
type EventRow = Omit<MessageRow, 'id' | 'content'> & {
  id: string | null;
  content: string | null;
  event_seq: number;
  type: SyncEventType;
  user_id: string;
  at: string;
  event_message_id: string | null;
  emoji: string | null;
  call: string | null;
};

/** An EventRow's columns: `e` the event, `m` its message (LEFT JOIN, null for member events). */
const EVENT_COLUMNS = `e.seq AS event_seq, e.type, e.user_id, e.at, e.conversation_id, e.content, e.edited_at, e.deleted_at, e.message_id AS event_message_id,
  e.emoji, e.call, m.id, m.seq, m.sender_id, m.client_msg_id, m.created_at, m.reply_to_id, m.thread_id`;

const toEvent = (row: EventRow): ChatEventRecord => ({
  conversationId: row.conversation_id,
  seq: row.event_seq,
  type: row.type,
  userId: row.user_id,
  at: new Date(row.at),
  ...(row.event_message_id !== null && !hasMessageSnapshot(row.type) ? { target: { messageId: row.event_message_id, emoji: row.emoji } } : {}),
  ...(row.call !== null ? { call: JSON.parse(row.call) as CallLogEntry } : {}),
  message: row.id === null || !hasMessageSnapshot(row.type) ? null : toMessage({ ...row, id: row.id, content: row.content ?? '' }),
});

/**
 * The conversation log on SQLite (ADR 0005). append() runs only inside the caller's BEGIN IMMEDIATE
 * transaction, next to the state change it records: better-sqlite3 is synchronous and IMMEDIATE takes the
 * write lock up front, so the seq claim, the state and the event commit together or not at all — a rolled-back
 * change gives its number back, so the log has no holes.
 */
export class SqliteConversationLog {
  private readonly claim;
  private readonly insert;
  private readonly redactEvents;
  private readonly after;
  private readonly enqueue;
  private readonly afterForMember;

  constructor(db: SqliteDatabase) {
    this.claim = db.prepare<[string, string], { last_seq: number }>(
      'UPDATE conversations SET last_seq = last_seq + 1, activity_at = MAX(activity_at, ?) WHERE id = ? RETURNING last_seq',
    );
    this.insert = db.prepare(
      `INSERT INTO events (conversation_id, seq, type, message_id, user_id, content, edited_at, deleted_at, emoji, call, at)
       VALUES (@conversationId, @seq, @type, @messageId, @userId, @content, @editedAt, @deletedAt, @emoji, @call, @at)`,
    );
    this.enqueue = db.prepare('INSERT INTO log_outbox (conversation_id, seq) VALUES (?, ?)');
    this.redactEvents = db.prepare("UPDATE events SET content = '' WHERE message_id = ?");
    this.after = db.prepare<[string, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS}
       FROM events e LEFT JOIN messages m ON m.id = e.message_id
       WHERE e.conversation_id = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`,
    );
    // Positions as a JSON array of [conversationId, after]. The log has no holes, so the events a conversation can
    // contribute lie in (after, after + limit]: a bounded walk of the primary key each, sorted as a whole.
    this.afterForMember = db.prepare<[{ positions: string; userId: string; limit: number }], EventRow>(
      `SELECT ${EVENT_COLUMNS}
       FROM json_each(@positions) w
       JOIN members mb ON mb.conversation_id = w.value ->> '$[0]' AND mb.user_id = @userId
       JOIN events e ON e.conversation_id = mb.conversation_id AND e.seq > w.value ->> '$[1]' AND e.seq <= (w.value ->> '$[1]') + @limit
       LEFT JOIN messages m ON m.id = e.message_id
       ORDER BY w.key, e.seq LIMIT @limit`,
    );
  }

  /**
   * Claims the next seq (NOT_FOUND for an unknown conversation), lets `write` store the state change for it
   * (returning the message snapshot, or null for a member or reaction event), and records the event.
   */
  append(
    conversationId: string,
    event: { type: SyncEventType; userId: string; at: Date; target?: EventTarget; call?: CallLogEntry },
    write: (seq: number) => MessageRecord | null,
  ): ChatEventRecord {
    const claimed = this.claim.get(event.at.toISOString(), conversationId);
    if (!claimed) throw DomainError.notFound('Conversation');
    const seq = claimed.last_seq;
    const message = write(seq);
    this.insert.run({
      conversationId,
      seq,
      type: event.type,
      messageId: message?.id ?? event.target?.messageId ?? null,
      userId: event.userId,
      content: message?.content ?? null,
      editedAt: message?.editedAt?.toISOString() ?? null,
      deletedAt: message?.deletedAt?.toISOString() ?? null,
      emoji: event.target?.emoji ?? null,
      call: event.call ? JSON.stringify(event.call) : null,
      at: event.at.toISOString(),
    });
    if (isRelayed(event.type)) this.enqueue.run(conversationId, seq);
    return { conversationId, seq, ...event, message: message ? { ...message } : null };
  }

  /** Blanks the content of every event of a deleted message: the log must not keep serving what the sender deleted. */
  redact(messageId: string): void {
    this.redactEvents.run(messageId);
  }

  read(conversationId: string, after: number, limit: number): ChatEventRecord[] {
    return this.after.all(conversationId, after, limit).map(toEvent);
  }

  /** The events after each position of the conversations `userId` is a member of: position order, then seq; `limit` in all. */
  readForMember(userId: string, positions: readonly { conversationId: string; after: number }[], limit: number): ChatEventRecord[] {
    const list = JSON.stringify(positions.map((p) => [p.conversationId, p.after]));
    return this.afterForMember.all({ positions: list, userId, limit }).map(toEvent);
  }
}
