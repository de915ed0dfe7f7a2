import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import type { MessageRecord } from '../messages/message.entity.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { type MessageRow, toMessage } from '../storage/chat-sqlite-rows.js';
import { SqliteSearchIndex } from './search-index.sqlite.js';
import { MessageSearchRepository, type SearchFilter } from './message-search.repository.js';

@Injectable()
export class SqliteMessageSearchRepository extends MessageSearchRepository {
  private readonly query;
  private readonly index: SqliteSearchIndex;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.index = SqliteSearchIndex.of(db);
    this.query = db.prepare<[{ match: string; userId: string; conversationId: string | null; beforeId: string | null; limit: number }], MessageRow>(
      `SELECT m.* FROM messages_fts f JOIN messages m ON m.pk = f.rowid
       WHERE messages_fts MATCH @match AND m.deleted_at IS NULL
         AND m.conversation_id IN (SELECT conversation_id FROM members WHERE user_id = @userId)
         AND (@conversationId IS NULL OR m.conversation_id = @conversationId)
         AND (@beforeId IS NULL OR m.id < @beforeId)
       ORDER BY m.id DESC LIMIT @limit`,
    );
  }

  async search(filter: SearchFilter): Promise<MessageRecord[]> {
    if (filter.words.length === 0) return [];
    // Each word as an FTS5 string: implicit AND, and no word can be read as query syntax.
    // Whatever was stored since the index's last pass goes in first: a search sees every acked message.
    this.index.catchUp();
    const match = filter.words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' ');
    return this.query
      .all({ match, userId: filter.userId, conversationId: filter.conversationId, beforeId: filter.beforeId, limit: filter.limit })
      .map(toMessage);
  }
}
