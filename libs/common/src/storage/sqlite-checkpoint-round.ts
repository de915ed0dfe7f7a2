import type { SqliteDatabase } from './sqlite.js';

/** The next round while the WAL is being written: the writer's backstop then finds at most this much to copy. */
export const CHECKPOINT_BUSY_EVERY_MS = 50;
/** The next round when the last one found nothing new: an idle service wakes twice a second, not twenty times. */
export const CHECKPOINT_IDLE_EVERY_MS = 500;
/** Passes in one round at most: each copies what was committed during the one before, fewer frames each time. */
export const MAX_PASSES = 4;

/** What `PRAGMA wal_checkpoint` reports: frames in the WAL (`log`) and how many of them are in the database file. */
export interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

/**
 * One round of PASSIVE checkpoints from a connection that does not write. A passive checkpoint copies the frames
 * committed before it started, so under steady writes a single pass never catches up; the WAL is then restarted
 * only by the writer's own automatic checkpoint at the backstop mark, which copies the rest on the service's event
 * loop (measured at 2,000 sends/s: 6,000 of every 10,000 frames, a 20–50 ms stall twice a second). Passing again
 * at once copies only what came in meanwhile and often catches up, and the writer's next commit then starts the
 * WAL over without copying anything.
 */
export function checkpointRound(pass: () => CheckpointResult): CheckpointResult {
  let result = pass();
  for (let passes = 1; passes < MAX_PASSES && result.checkpointed < result.log; passes++) {
    const next = pass();
    const progressed = next.checkpointed > result.checkpointed || next.log < result.log;
    result = next;
    if (!progressed) break;
  }
  return result;
}

/** Busy while frames keep coming or some are left to copy; idle once a round finds the WAL copied and unchanged. */
export function nextRoundDelayMs(previous: CheckpointResult | undefined, current: CheckpointResult): number {
  const idle = current.checkpointed === current.log && previous !== undefined && previous.log === current.log;
  return idle ? CHECKPOINT_IDLE_EVERY_MS : CHECKPOINT_BUSY_EVERY_MS;
}

/** One passive checkpoint on `db` (a connection of the worker, which never writes). */
export function passiveCheckpoint(db: SqliteDatabase): CheckpointResult {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  return result;
}
