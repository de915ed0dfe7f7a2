import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeTempDir } from '../testing/temp-dir.js';
import { CHECKPOINT_BUSY_EVERY_MS, CHECKPOINT_IDLE_EVERY_MS, type CheckpointResult, checkpointRound, MAX_PASSES, nextRoundDelayMs, passiveCheckpoint } from './sqlite-checkpoint-round.js';
import { openSqlite } from './sqlite.js';

describe('checkpointRound', () => {
  it('copies the whole WAL from a second connection, so that the writer starts the WAL over without a checkpoint of its own', () => {
    const dir = makeTempDir('sqlite-checkpoint-round');
    const file = `${dir.path}/t.sqlite`;
    const writer = openSqlite(file, ['CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)']);
    writer.pragma('wal_autocheckpoint = 0');
    const checkpointer = new Database(file);
    try {
      const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
      writer.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000));
      })();

      const round = checkpointRound(() => passiveCheckpoint(checkpointer));
      expect(round.log).toBeGreaterThanOrEqual(500);
      expect(round.checkpointed).toBe(round.log);

      // The next commit writes from the WAL's start: the WAL now holds that commit's frames only.
      insert.run('after the round');
      const [after] = checkpointer.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      expect(after.log).toBeLessThan(10);
      expect(checkpointer.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 501 });
    } finally {
      checkpointer.close();
      writer.close();
      dir.remove();
    }
  });
});

const result = (log: number, checkpointed: number): CheckpointResult => ({ busy: 0, log, checkpointed });

/** Passes that report `results` in turn (what a writer committing during each pass makes SQLite report), counted. */
function scripted(results: CheckpointResult[]): { pass: () => CheckpointResult; passes: () => number } {
  let passes = 0;
  return { pass: () => results[Math.min(passes++, results.length - 1)], passes: () => passes };
}

describe('checkpointRound under a writer that commits during each pass', () => {
  it('passes again while frames are left, until it has caught up', () => {
    const script = scripted([result(6000, 5800), result(6040, 6000), result(6040, 6040)]);
    expect(checkpointRound(script.pass)).toEqual(result(6040, 6040));
    expect(script.passes()).toBe(3);
  });

  it('stops at a pass that copied nothing (a reader holds the rest back), and after MAX_PASSES', () => {
    const stuck = scripted([result(6000, 5800), result(6010, 5800)]);
    expect(checkpointRound(stuck.pass)).toEqual(result(6010, 5800));
    expect(stuck.passes()).toBe(2);
    const busy = scripted(Array.from({ length: 10 }, (_, i) => result(6000 + 100 * (i + 1), 6000 + 100 * i)));
    checkpointRound(busy.pass);
    expect(busy.passes()).toBe(MAX_PASSES);
  });
});

describe('nextRoundDelayMs', () => {
  it('comes back soon while frames keep coming or are left to copy', () => {
    expect(nextRoundDelayMs(undefined, result(0, 0))).toBe(CHECKPOINT_BUSY_EVERY_MS);
    expect(nextRoundDelayMs(result(100, 100), result(180, 180))).toBe(CHECKPOINT_BUSY_EVERY_MS);
    expect(nextRoundDelayMs(result(180, 150), result(180, 170))).toBe(CHECKPOINT_BUSY_EVERY_MS);
    // Restarted and written again since: a different count of frames.
    expect(nextRoundDelayMs(result(180, 180), result(40, 40))).toBe(CHECKPOINT_BUSY_EVERY_MS);
  });

  it('backs off once a round finds the WAL copied and unchanged', () => {
    expect(nextRoundDelayMs(result(180, 180), result(180, 180))).toBe(CHECKPOINT_IDLE_EVERY_MS);
    expect(nextRoundDelayMs(result(0, 0), result(0, 0))).toBe(CHECKPOINT_IDLE_EVERY_MS);
  });
});
