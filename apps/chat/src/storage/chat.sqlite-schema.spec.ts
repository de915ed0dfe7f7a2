import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqlite } from '#common';
import { makeTempDir } from '#common/testing';
import { CHAT_SQLITE_MIGRATIONS } from './chat.sqlite-schema.js';

describe('chat SQLite schema', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('chat-schema');
  });
  afterEach(() => dir.remove());

  it('v14 upgrades a v13 file in place, and unread counts still search messages by (conversation_id, seq)', () => {
    const file = `${dir.path}/chat.sqlite`;
    const v13 = openSqlite(file, CHAT_SQLITE_MIGRATIONS.slice(0, 13));
    v13.exec(`INSERT INTO conversations (id, type, created_by, created_at, activity_at) VALUES ('c1', 'group', 'u1', '2026-12-05', '2026-12-05');
      INSERT INTO messages (id, conversation_id, seq, sender_id, content, created_at) VALUES ('m1', 'c1', 1, 'u1', 'hello', '2026-12-05')`);
    v13.close();

    const db = openSqlite(file, CHAT_SQLITE_MIGRATIONS);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(CHAT_SQLITE_MIGRATIONS.length);
      const indexes = (db.prepare('PRAGMA index_list(messages)').all() as { name: string }[]).map((row) => row.name);
      expect(indexes).not.toContain('messages_unread');
      // The shape of the summaries' count (conversation.sqlite-repository.ts): an index range, never a scan of messages.
      const plan = (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM messages x WHERE x.conversation_id = ? AND x.seq > ? AND x.sender_id <> ? AND x.deleted_at IS NULL AND x.thread_id IS NULL`)
          .all('c1', 0, 'u2') as { detail: string }[]
      ).map((row) => row.detail);
      expect(plan).toEqual([expect.stringMatching(/^SEARCH x USING INDEX \S+ \(conversation_id=\? AND seq>\?\)$/)]);
      expect(db.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = 'c1' AND seq > 0 AND sender_id <> 'u2'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
