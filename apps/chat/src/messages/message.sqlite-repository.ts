import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { EVENT_SELECT, type EventRow, type MessageRow, toEvent, toMessage } from '../storage/chat-sqlite-rows.js';
import { SqliteEventLog } from '../storage/sqlite-event-log.js';
import type { AppendResult, ChangeResult, ChatEventRecord, MessageRecord, NewMessage, SeqRange } from './message.entity.js';
import { MessageRepository } from './message.repository.js';

type MessageRowWithPk = MessageRow & { pk: number };
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

@Injectable()
export class SqliteMessageRepository extends MessageRepository {
  private readonly log: SqliteEventLog;
  private readonly byId;
  private readonly byClientMsgId;
  private readonly insertMessage;
  private readonly updateContent;
  private readonly markDeleted;
  private readonly ftsInsert;
  private readonly ftsDelete;
  private readonly redactEvents;
  private readonly historyAsc;
  private readonly historyDesc;
  private readonly eventsAfter;
  private readonly appendTx;
  private readonly editTx;
  private readonly deleteTx;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.log = new SqliteEventLog(db);
    this.byId = db.prepare<[string], MessageRowWithPk>('SELECT * FROM messages WHERE id = ?');
    this.byClientMsgId = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE sender_id = ? AND client_msg_id = ?');
    this.insertMessage = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, content, client_msg_id, created_at)
       VALUES (@id, @conversationId, @seq, @senderId, @content, @clientMsgId, @createdAt)`,
    );
    this.updateContent = db.prepare('UPDATE messages SET content = ?, edited_at = ? WHERE pk = ?');
    this.markDeleted = db.prepare("UPDATE messages SET content = '', deleted_at = ? WHERE pk = ?");
    this.ftsInsert = db.prepare('INSERT INTO messages_fts (rowid, content) VALUES (?, ?)');
    // External-content FTS5 forgets a row only when told its old text.
    this.ftsDelete = db.prepare("INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', ?, ?)");
    this.redactEvents = db.prepare("UPDATE events SET content = '' WHERE message_id = ?");
    this.historyAsc = db.prepare<[string, number, number, number], MessageRow>(
      'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?',
    );
    this.historyDesc = db.prepare<[string, number, number, number], MessageRow>(
      'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.eventsAfter = db.prepare<[string, number, number], EventRow>(
      `${EVENT_SELECT} WHERE e.conversation_id = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`,
    );
    this.appendTx = db.transaction((draft: NewMessage): AppendResult => this.appendNow(draft));
    this.editTx = db.transaction((id: string, content: string, by: string, at: Date) => this.editNow(id, content, by, at));
    this.deleteTx = db.transaction((id: string, by: string, at: Date) => this.deleteNow(id, by, at));
  }

  async append(draft: NewMessage): Promise<AppendResult> {
    // IMMEDIATE: take the write lock before the idempotency read, so another process cannot slip in between.
    return this.appendTx.immediate(draft);
  }

  async findById(id: string): Promise<MessageRecord | null> {
    const row = this.byId.get(id);
    return row ? toMessage(row) : null;
  }

  async findByClientMsgId(senderId: string, clientMsgId: string): Promise<MessageRecord | null> {
    const row = this.byClientMsgId.get(senderId, clientMsgId);
    return row ? toMessage(row) : null;
  }

  async edit(id: string, content: string, by: string, at: Date): Promise<ChangeResult | null> {
    return this.editTx.immediate(id, content, by, at);
  }

  async delete(id: string, by: string, at: Date): Promise<ChangeResult | null> {
    return this.deleteTx.immediate(id, by, at);
  }

  async history(conversationId: string, range: SeqRange): Promise<MessageRecord[]> {
    const statement = range.after === undefined ? this.historyDesc : this.historyAsc;
    return statement.all(conversationId, range.after ?? 0, range.before ?? NO_UPPER_BOUND, range.limit).map(toMessage);
  }

  async events(conversationId: string, after: number, limit: number): Promise<ChatEventRecord[]> {
    return this.eventsAfter.all(conversationId, after, limit).map(toEvent);
  }

  private appendNow(draft: NewMessage): AppendResult {
    if (draft.clientMsgId !== null) {
      const original = this.byClientMsgId.get(draft.senderId, draft.clientMsgId);
      if (original) return { message: toMessage(original), duplicate: true, event: null };
    }
    const seq = this.log.nextSeq(draft.conversationId, draft.createdAt);
    const message: MessageRecord = { ...draft, seq, editedAt: null, deletedAt: null };
    const { lastInsertRowid } = this.insertMessage.run({ ...draft, seq, createdAt: draft.createdAt.toISOString() });
    this.ftsInsert.run(lastInsertRowid, draft.content);
    const event = this.log.record({
      conversationId: draft.conversationId,
      seq,
      type: 'message.created',
      userId: draft.senderId,
      at: draft.createdAt,
      message,
    });
    return { message, duplicate: false, event };
  }

  private editNow(id: string, content: string, by: string, at: Date): ChangeResult | null {
    const row = this.byId.get(id);
    if (!row || row.deleted_at !== null) return null;
    const seq = this.log.nextSeq(row.conversation_id, at);
    this.updateContent.run(content, at.toISOString(), row.pk);
    this.ftsDelete.run(row.pk, row.content);
    this.ftsInsert.run(row.pk, content);
    const message: MessageRecord = { ...toMessage(row), content, editedAt: at };
    const event = this.log.record({ conversationId: row.conversation_id, seq, type: 'message.edited', userId: by, at, message });
    return { message, event };
  }

  private deleteNow(id: string, by: string, at: Date): ChangeResult | null {
    const row = this.byId.get(id);
    if (!row || row.deleted_at !== null) return null;
    const seq = this.log.nextSeq(row.conversation_id, at);
    this.markDeleted.run(at.toISOString(), row.pk);
    this.ftsDelete.run(row.pk, row.content);
    // The sync log must not keep serving what the sender deleted.
    this.redactEvents.run(id);
    const message: MessageRecord = { ...toMessage(row), content: '', deletedAt: at };
    const event = this.log.record({ conversationId: row.conversation_id, seq, type: 'message.deleted', userId: by, at, message });
    return { message, event };
  }
}
