import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId, openSqlite, type SqliteDatabase } from '#common';
import { makeTempDir } from '#common/testing';
import { AUTH_SQLITE_MIGRATIONS } from '../storage/auth.sqlite-schema.js';
import { insertOutboxEvents, SqliteOutboxRepository } from './outbox.sqlite-repository.js';

describe('SqliteOutboxRepository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: SqliteDatabase;
  let outbox: SqliteOutboxRepository;

  beforeEach(() => {
    dir = makeTempDir('auth-outbox');
    db = openSqlite(`${dir.path}/auth.sqlite`, AUTH_SQLITE_MIGRATIONS);
    outbox = new SqliteOutboxRepository(db);
  });

  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('keeps no row for a published event, so the outbox does not grow with every event ever written', async () => {
    const events = [1, 2, 3].map((n) => ({ id: newId(), subject: `s${n}`, payload: { n }, createdAt: new Date() }));
    db.transaction(() => insertOutboxEvents(db, events))();
    const pending = await outbox.pending(10);
    expect(pending.map((e) => e.subject)).toEqual(['s1', 's2', 's3']);
    await outbox.markPublished(pending.slice(0, 2).map((e) => e.id));
    await outbox.markPublished([]);
    expect((await outbox.pending(10)).map((e) => e.subject)).toEqual(['s3']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });
});
