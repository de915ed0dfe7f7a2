import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '../testing/temp-dir.js';
import { openSqlite, prepared, type SqliteDatabase, SqliteGroupCommit } from './sqlite.js';

describe('SQLite helpers', () => {
  let db: SqliteDatabase;
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('sqlite-helpers');
    db = openSqlite(`${dir.path}/t.sqlite`, ['CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)']);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });
  /** Another connection to the same file: it sees only what is committed. */
  const otherConnection = () => {
    const reader = openSqlite(`${dir.path}/t.sqlite`, ['CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)']);
    const committed = () => (reader.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k);
    return { reader, committed };
  };

  it('keeps savepoint journals and temporary sorts in memory, not in a temporary file written inside each commit', () => {
    const MEMORY = 2;
    expect(db.pragma('temp_store', { simple: true })).toBe(MEMORY);
  });

  it('prepares a statement once per SQL text', () => {
    expect(prepared(db, 'SELECT 1')).toBe(prepared(db, 'SELECT 1'));
    expect(prepared(db, 'SELECT 1')).not.toBe(prepared(db, 'SELECT 2'));
  });

  it('writes concurrent calls in one transaction, each settling after the commit, a failing one alone', async () => {
    const { reader, committed } = otherConnection();
    const seenByOthers: string[][] = [];
    const insert = prepared<[string, number]>(db, 'INSERT INTO t (k, v) VALUES (?, ?)');
    const group = new SqliteGroupCommit(db, ({ k, v }: { k: string; v: number }) => {
      seenByOthers.push(committed());
      insert.run(k, v);
      if (v < 0) throw new Error('negative');
      return k;
    });
    const calls = [group.run({ k: 'a', v: 1 }), group.run({ k: 'b', v: -1 }), group.run({ k: 'c', v: 3 })];
    const results = await Promise.allSettled(calls);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // all three ran before anything was committed: one transaction
    expect(seenByOthers).toEqual([[], [], []]);
    // once the promises settle, the stored calls are committed; the failing one rolled back alone
    expect(committed()).toEqual(['a', 'c']);
    // a later call is a transaction of its own
    await group.run({ k: 'd', v: 4 });
    expect(committed()).toEqual(['a', 'c', 'd']);
    reader.close();
  });

  it('with a commit window, calls of later turns inside the window share the next commit; after a quiet window one commits at once', async () => {
    const { reader, committed } = otherConnection();
    const insert = prepared<[string, number]>(db, 'INSERT INTO t (k, v) VALUES (?, ?)');
    const commits = (windowMs: number) => {
      const seenByOthers = new Map<string, string[]>();
      const group = new SqliteGroupCommit(
        db,
        ({ k, v }: { k: string; v: number }) => {
          seenByOthers.set(k, committed());
          insert.run(k, v);
          return k;
        },
        windowMs,
      );
      return { group, seenByOthers };
    };
    // Generous: the calls below are a few event-loop turns apart, far inside it even on a loaded machine.
    const WINDOW_MS = 300;
    const { group, seenByOthers } = commits(WINDOW_MS);
    await group.run({ k: 'a', v: 1 });
    const b = group.run({ k: 'b', v: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    const c = group.run({ k: 'c', v: 3 });
    await Promise.all([b, c]);
    // b was not committed when c was written: one transaction for calls of two turns
    expect(seenByOthers.get('c')).toEqual(['a']);
    expect(committed()).toEqual(['a', 'b', 'c']);
    // the window has passed with nothing to commit: the next call commits within this turn's I/O phase, not a window later
    await sleep(WINDOW_MS + 50);
    const d = group.run({ k: 'd', v: 4 });
    const first = await Promise.race([d.then(() => 'committed'), sleep(WINDOW_MS / 2).then(() => 'waited')]);
    expect(first).toBe('committed');

    // Without a window (the default), the same two turns are two transactions.
    const plain = commits(0);
    const e = plain.group.run({ k: 'e', v: 5 });
    await new Promise((resolve) => setImmediate(resolve));
    await plain.group.run({ k: 'f', v: 6 });
    await e;
    expect(plain.seenByOthers.get('f')).toEqual(['a', 'b', 'c', 'd', 'e']);
    reader.close();
  });

  it('writes a backlog in commits of at most maxBatch calls, answering the first before the rest is written', async () => {
    const { reader, committed } = otherConnection();
    const insert = prepared<[string, number]>(db, 'INSERT INTO t (k, v) VALUES (?, ?)');
    const answered: string[] = [];
    const seen = new Map<string, { committed: string[]; answered: string[] }>();
    const group = new SqliteGroupCommit(
      db,
      ({ k, v }: { k: string; v: number }) => {
        seen.set(k, { committed: committed(), answered: [...answered] });
        insert.run(k, v);
        return k;
      },
      0,
      2,
    );
    // Five calls of one turn, as when a frozen caller lets its queue go at once.
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k, v) => group.run({ k, v }).then(() => answered.push(k))));
    expect(seen.get('b')).toEqual({ committed: [], answered: [] });
    expect(seen.get('c')).toEqual({ committed: ['a', 'b'], answered: ['a', 'b'] });
    expect(seen.get('d')).toEqual({ committed: ['a', 'b'], answered: ['a', 'b'] });
    expect(seen.get('e')).toEqual({ committed: ['a', 'b', 'c', 'd'], answered: ['a', 'b', 'c', 'd'] });
    expect(committed()).toEqual(['a', 'b', 'c', 'd', 'e']);
    reader.close();
  });
});
