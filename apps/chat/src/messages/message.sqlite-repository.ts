import { Inject, Injectable } from '@nestjs/common';
import { type SqliteDatabase, SqliteGroupCommit } from '#common';
import { SqliteConversationLog } from '../conversation-log/conversation-log.sqlite.js';
import { SqliteSearchIndex } from '../search/search-index.sqlite.js';
import { CHAT_SQLITE, MESSAGE_COMMIT_WINDOW_MS } from '../storage/chat-storage.tokens.js';
import { type MessageRow, toMessage } from '../storage/chat-sqlite-rows.js';
import type { AppendResult, ChangeResult, ChatEventRecord, MessageRecord, NewMessage, SeqRange } from './message.entity.js';
import { MessageRepository } from './message.repository.js';

type MessageRowWithPk = MessageRow & { pk: number };
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

@Injectable()
export class SqliteMessageRepository extends MessageRepository {
  private readonly log: SqliteConversationLog;
  private readonly byId;
  private readonly byClientMsgId;
  private readonly insertMessage;
  private readonly updateContent;
  private readonly markDeleted;
  private readonly dropReactions;
  private readonly dropPin;
  private readonly index: SqliteSearchIndex;
  private readonly historyAsc;
  private readonly historyDesc;
  private readonly appends: SqliteGroupCommit<NewMessage, AppendResult>;
  private readonly editTx;
  private readonly deleteTx;

  /** `commitWindowMs`: ChatEnv.MESSAGE_COMMIT_WINDOW_MS; tests that build the repository by hand commit once per turn. */
  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase, @Inject(MESSAGE_COMMIT_WINDOW_MS) commitWindowMs = 0) {
    super();
    this.log = new SqliteConversationLog(db);
    this.byId = db.prepare<[string], MessageRowWithPk>('SELECT * FROM messages WHERE id = ?');
    this.byClientMsgId = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE sender_id = ? AND client_msg_id = ?');
    this.insertMessage = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, content, client_msg_id, created_at, reply_to_id, thread_id)
       VALUES (@id, @conversationId, @seq, @senderId, @content, @clientMsgId, @createdAt, @replyToId, @threadId)`,
    );
    this.updateContent = db.prepare('UPDATE messages SET content = ?, edited_at = ? WHERE pk = ?');
    this.markDeleted = db.prepare("UPDATE messages SET content = '', deleted_at = ? WHERE pk = ?");
    // API.md: a deleted message loses its reactions and its pin (the message.deleted event says so to syncing clients).
    this.dropReactions = db.prepare('DELETE FROM reactions WHERE message_id = ?');
    this.dropPin = db.prepare('DELETE FROM pins WHERE message_id = ?');
    this.index = SqliteSearchIndex.of(db);
    const history = (order: 'ASC' | 'DESC') =>
      db.prepare<[string, number, number, number], MessageRow>(
        // Thread replies are read through their thread, not the main history.
        `SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? AND thread_id IS NULL ORDER BY seq ${order} LIMIT ?`,
      );
    this.historyAsc = history('ASC');
    this.historyDesc = history('DESC');
    this.appends = new SqliteGroupCommit(db, (draft: NewMessage): AppendResult => this.appendNow(draft), commitWindowMs);
    this.editTx = db.transaction((id: string, content: string, by: string, at: Date) => this.changeNow(id, by, at, { content, editedAt: at }));
    this.deleteTx = db.transaction((id: string, by: string, at: Date) => this.changeNow(id, by, at, { content: '', deletedAt: at }));
  }

  async append(draft: NewMessage): Promise<AppendResult> {
    // Concurrent sends share one IMMEDIATE transaction (group commit): the write lock is taken before the
    // idempotency read, so another process cannot slip in between, and the promise settles after the COMMIT.
    const result = await this.appends.run(draft);
    if (!result.duplicate) this.index.appended(1);
    return result;
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
    return this.log.read(conversationId, after, limit);
  }

  private appendNow(draft: NewMessage): AppendResult {
    if (draft.clientMsgId !== null) {
      const original = this.byClientMsgId.get(draft.senderId, draft.clientMsgId);
      if (original) return { message: toMessage(original), duplicate: true, event: null };
    }
    const event = this.log.append(draft.conversationId, { type: 'message.created', userId: draft.senderId, at: draft.createdAt }, (seq) => {
      const [replyToId, threadId] = [draft.replyToId ?? null, draft.threadId ?? null];
      // Indexed for search by SqliteSearchIndex's next pass, not in this transaction.
      this.insertMessage.run({ ...draft, replyToId, threadId, seq, createdAt: draft.createdAt.toISOString() });
      return { ...draft, replyToId, threadId, seq, editedAt: null, deletedAt: null };
    });
    return { message: event.message as MessageRecord, duplicate: false, event };
  }

  /** An edit (new content) or a delete (blank content, deletedAt); null for an unknown or deleted message. */
  private changeNow(id: string, by: string, at: Date, change: Pick<MessageRecord, 'content'> & Partial<MessageRecord>): ChangeResult | null {
    const row = this.byId.get(id);
    if (!row || row.deleted_at !== null) return null;
    const type = change.deletedAt ? 'message.deleted' : 'message.edited';
    const event = this.log.append(row.conversation_id, { type, userId: by, at }, () => {
      this.index.replace(row.pk, row.content, change.deletedAt ? null : change.content);
      if (change.deletedAt) {
        this.markDeleted.run(at.toISOString(), row.pk);
        this.log.redact(id);
        this.dropReactions.run(id);
        this.dropPin.run(id);
      } else {
        this.updateContent.run(change.content, at.toISOString(), row.pk);
      }
      return { ...toMessage(row), ...change };
    });
    return { message: event.message as MessageRecord, event };
  }
}
