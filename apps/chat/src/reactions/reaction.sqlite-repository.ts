import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type SqliteDatabase } from '#common';
import { ErrorCode, REACTION_USERS_SHOWN, REACTIONS_PER_MESSAGE_MAX } from '#contracts';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { SqliteConversationLog } from '../conversation-log/conversation-log.sqlite.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import type { ReactionAggregate, ReactionChange, ReactionListQuery, ReactionRecord } from './reaction.entity.js';
import { ReactionRepository } from './reaction.repository.js';

interface ReactionRow {
  message_id: string;
  emoji: string;
  user_id: string;
  seq: number;
  created_at: string;
}

const toReaction = (row: ReactionRow): ReactionRecord => ({
  messageId: row.message_id,
  emoji: row.emoji,
  userId: row.user_id,
  seq: row.seq,
  createdAt: new Date(row.created_at),
});

const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

@Injectable()
export class SqliteReactionRepository extends ReactionRepository {
  private readonly log: SqliteConversationLog;
  private readonly message;
  private readonly exists;
  private readonly distinctEmoji;
  private readonly insert;
  private readonly remove_;
  private readonly counts;
  private readonly latest;
  private readonly listAll;
  private readonly listEmoji;
  private readonly addTx;
  private readonly removeTx;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.log = new SqliteConversationLog(db);
    this.message = db.prepare<[string], { conversation_id: string; deleted_at: string | null }>('SELECT conversation_id, deleted_at FROM messages WHERE id = ?');
    this.exists = db.prepare<[string, string, string], { seq: number }>('SELECT seq FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?');
    this.distinctEmoji = db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT DISTINCT emoji FROM reactions WHERE message_id = ? AND emoji <> ?)',
    );
    this.insert = db.prepare('INSERT INTO reactions (message_id, emoji, user_id, seq, created_at) VALUES (?, ?, ?, ?, ?)');
    this.remove_ = db.prepare('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?');
    // Both walk the primary key / reactions_latest of the page's messages only, never the conversation's messages.
    this.counts = db.prepare<[string], { message_id: string; emoji: string; count: number }>(
      `SELECT message_id, emoji, COUNT(*) AS count, MIN(seq) AS first FROM reactions
       WHERE message_id IN (SELECT value FROM json_each(?)) GROUP BY message_id, emoji ORDER BY message_id, first`,
    );
    this.latest = db.prepare<[string, number], { message_id: string; emoji: string; user_id: string }>(
      `SELECT message_id, emoji, user_id FROM (
         SELECT message_id, emoji, user_id, seq, ROW_NUMBER() OVER (PARTITION BY message_id, emoji ORDER BY seq DESC) AS n
         FROM reactions WHERE message_id IN (SELECT value FROM json_each(?))
       ) WHERE n <= ? ORDER BY seq DESC`,
    );
    this.listAll = db.prepare<[string, number, number], ReactionRow>('SELECT * FROM reactions WHERE message_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
    this.listEmoji = db.prepare<[string, string, number, number], ReactionRow>(
      'SELECT * FROM reactions WHERE message_id = ? AND emoji = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.addTx = db.transaction((c: ReactionChange) => this.changeNow(c, 'reaction.added'));
    this.removeTx = db.transaction((c: ReactionChange) => this.changeNow(c, 'reaction.removed'));
  }

  async add(change: ReactionChange): Promise<ChatEventRecord | null> {
    // IMMEDIATE: the existence and limit checks run under the write lock, so concurrent toggles cannot both pass.
    return this.addTx.immediate(change);
  }

  async remove(change: ReactionChange): Promise<ChatEventRecord | null> {
    return this.removeTx.immediate(change);
  }

  async summaries(_conversationId: string, messageIds: string[]): Promise<Map<string, ReactionAggregate[]>> {
    const result = new Map<string, ReactionAggregate[]>();
    if (messageIds.length === 0) return result;
    const ids = JSON.stringify(messageIds);
    const byKey = new Map<string, ReactionAggregate>();
    for (const row of this.counts.all(ids)) {
      const aggregate = { emoji: row.emoji, count: row.count, userIds: [] as string[] };
      byKey.set(`${row.message_id}\n${row.emoji}`, aggregate);
      result.set(row.message_id, [...(result.get(row.message_id) ?? []), aggregate]);
    }
    for (const row of this.latest.all(ids, REACTION_USERS_SHOWN)) byKey.get(`${row.message_id}\n${row.emoji}`)?.userIds.push(row.user_id);
    return result;
  }

  async list(_conversationId: string, messageId: string, query: ReactionListQuery): Promise<ReactionRecord[]> {
    const before = query.beforeSeq ?? NO_UPPER_BOUND;
    const rows = query.emoji === undefined ? this.listAll.all(messageId, before, query.limit) : this.listEmoji.all(messageId, query.emoji, before, query.limit);
    return rows.map(toReaction);
  }

  private changeNow({ messageId, emoji, userId, at }: ReactionChange, type: 'reaction.added' | 'reaction.removed'): ChatEventRecord | null {
    const message = this.message.get(messageId);
    if (!message || message.deleted_at !== null) throw DomainError.notFound('Message');
    const present = this.exists.get(messageId, emoji, userId) !== undefined;
    if (present === (type === 'reaction.added')) return null;
    if (type === 'reaction.added' && (this.distinctEmoji.get(messageId, emoji)?.n ?? 0) >= REACTIONS_PER_MESSAGE_MAX) {
      throw new DomainError(ErrorCode.CONFLICT, `A message takes at most ${REACTIONS_PER_MESSAGE_MAX} distinct emoji`);
    }
    return this.log.append(message.conversation_id, { type, userId, at, target: { messageId, emoji } }, (seq) => {
      if (type === 'reaction.added') this.insert.run(messageId, emoji, userId, seq, at.toISOString());
      else this.remove_.run(messageId, emoji, userId);
      return null;
    });
  }
}
