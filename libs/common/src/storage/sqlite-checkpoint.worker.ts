/**
 * Worker thread of SqliteCheckpointer: its own connection to the service's database file, which copies the WAL
 * back into the file in rounds (checkpointRound) so that the service's event loop never does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CHECKPOINT_IDLE_EVERY_MS, type CheckpointResult, checkpointRound, nextRoundDelayMs, passiveCheckpoint } from './sqlite-checkpoint-round.js';

const { file } = workerData as { file: string };
const db = new Database(file);
let previous: CheckpointResult | undefined;
// PASSIVE never waits for readers or the writer: it copies what it can now and the next round does the rest.
const round = (): void => {
  let delay = CHECKPOINT_IDLE_EVERY_MS;
  try {
    const current = checkpointRound(() => passiveCheckpoint(db));
    delay = nextRoundDelayMs(previous, current);
    previous = current;
  } catch (error) {
    parentPort?.postMessage(String(error));
  }
  timer = setTimeout(round, delay);
};
let timer = setTimeout(round, CHECKPOINT_IDLE_EVERY_MS);
parentPort?.once('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort?.close();
});
