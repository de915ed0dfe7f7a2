import { afterEach, describe, expect, it } from '@jest/globals';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { newId, openSqlite, type SqliteDatabase } from '#common';
import { makeTempDir } from '#common/testing';
import { SqliteMessageRepository } from '../messages/message.sqlite-repository.js';
import { CHAT_SQLITE_MIGRATIONS } from '../storage/chat.sqlite-schema.js';
import { SEARCH_INDEX_BATCH } from './search-index.sqlite.js';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

function freshFile(): string {
  const dir = makeTempDir('search-index');
  dirs.push(dir);
  return `${dir.path}/chat.sqlite`;
}

const matches = (db: SqliteDatabase, word: string) =>
  db.prepare<[string], { rowid: number }>('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?').all(word).length;

describe('SqliteSearchIndex (behind the messages table)', () => {
  it('indexes a batch of sends on its own, without waiting for a search', async () => {
    const db = openSqlite(freshFile(), CHAT_SQLITE_MIGRATIONS);
    const [a, conversationId, now] = [newId(), newId(), new Date().toISOString()];
    db.prepare("INSERT INTO conversations (id, type, created_by, created_at, activity_at) VALUES (?, 'group', ?, ?, ?)").run(conversationId, a, now, now);
    const messages = new SqliteMessageRepository(db);
    const send = (content: string) => messages.append({ id: newId(), conversationId, senderId: a, content, clientMsgId: null, createdAt: new Date() });

    await send('kiwi first');
    await nextTurn();
    expect(matches(db, 'kiwi')).toBe(0);
    await Promise.all(Array.from({ length: SEARCH_INDEX_BATCH - 1 }, (_, i) => send(`mango number${i}`)));
    await nextTurn();
    expect(matches(db, 'kiwi')).toBe(1);
    expect(matches(db, 'mango')).toBe(SEARCH_INDEX_BATCH - 1);
    db.close();
  });

  it('an older file keeps its indexed messages, without indexing them twice', () => {
    const file = freshFile();
    const old = openSqlite(file, CHAT_SQLITE_MIGRATIONS.slice(0, 12));
    const now = new Date().toISOString();
    old.prepare("INSERT INTO conversations (id, type, created_by, created_at, activity_at) VALUES ('c', 'group', 'u', ?, ?)").run(now, now);
    old.prepare("INSERT INTO messages (pk, id, conversation_id, seq, sender_id, content, created_at) VALUES (7, 'm', 'c', 1, 'u', 'plum jam', ?)").run(now);
    old.prepare("INSERT INTO messages_fts (rowid, content) VALUES (7, 'plum jam')").run();
    old.close();

    const db = openSqlite(file, CHAT_SQLITE_MIGRATIONS);
    expect(db.prepare('SELECT indexed_pk FROM fts_progress').get()).toEqual({ indexed_pk: 7 });
    expect(matches(db, 'plum')).toBe(1);
    db.close();
    // The file is still a plain SQLite database for other tools.
    expect(new Database(file, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 1 });
  });
});
