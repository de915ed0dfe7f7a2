import { describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../testing/temp-dir.js';
import { CHECKPOINT_IDLE_EVERY_MS } from './sqlite-checkpoint-round.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { openSqlite } from './sqlite.js';

describe('SqliteCheckpointer', () => {
  it('copies the WAL into the database file from its worker, with no checkpoint on the writing connection', async () => {
    const dir = makeTempDir('sqlite-checkpointer');
    const file = `${dir.path}/t.sqlite`;
    const db = openSqlite(file, ['CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)']);
    const checkpointer = new SqliteCheckpointer(db, file);
    try {
      const before = statSync(file).size;
      // ~2,000 pages: over SQLite's default automatic mark (1,000), under the backstop the checkpointer sets.
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run('x'.repeat(4000));
      })();
      expect(statSync(file).size).toBe(before);
      let copied = false;
      for (let waited = 0; waited < 20 * CHECKPOINT_IDLE_EVERY_MS && !copied; waited += 50) {
        await sleep(50);
        copied = statSync(file).size > 2000 * 4000;
      }
      expect(copied).toBe(true);
    } finally {
      await checkpointer.stop();
      db.close();
      dir.remove();
    }
  });
});
