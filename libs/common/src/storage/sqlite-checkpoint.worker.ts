/**
 * Worker thread of SqliteCheckpointer: its own connection to the service's database file, which copies the WAL
 * back into the file on a timer so that the service's event loop never does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new Database(file);
// PASSIVE never waits for readers or the writer: it copies what it can now and the next pass does the rest.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage(String(error));
  }
}, everyMs);
parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
