import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import type { SqliteDatabase } from './sqlite.js';

/**
 * The automatic checkpoint kept on the service's own connection, as a backstop (40 MB of WAL at 4 KiB pages): it
 * runs if the worker is gone, and under writes so steady that no round caught up — then it copies what the last
 * round left (at most CHECKPOINT_BUSY_EVERY_MS of writes) and restarts the WAL.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;
const STOP_TIMEOUT_MS = 2_000;

const logger = new Logger('SqliteCheckpointer');

/**
 * Checkpoints a service's SQLite WAL from a worker thread. SQLite's automatic checkpoint runs inside the commit
 * that crosses its mark (1,000 pages): under load the event loop stalled ~10 ms every few hundred sends, and each
 * hot page was copied back once per 1,000 frames. Rounds of passive checkpoints from another connection, every
 * 50 ms while the WAL is written and every 500 ms when idle (checkpointRound), copy each page about once per round
 * and off the loop (ADR 0005 amendments). Costs: a thread and a second connection per service, and a WAL that may
 * reach BACKSTOP_CHECKPOINT_PAGES if the worker stops.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;

  constructor(db: SqliteDatabase, file: string) {
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    this.worker = new Worker(new URL('./sqlite-checkpoint.worker.js', import.meta.url), { workerData: { file } });
    this.worker.unref();
    this.worker.on('message', (message: unknown) => logger.warn({ err: message }, 'WAL checkpoint failed; the next pass retries'));
    this.worker.on('error', (error: Error) => logger.error({ err: error }, 'WAL checkpoint worker stopped; the automatic checkpoint takes over'));
  }

  /** Before the service's connection closes, so that closing it (the last connection) checkpoints and removes the WAL. */
  async stop(): Promise<void> {
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    await exited.catch(() => undefined);
    clearTimeout(timeout);
  }
}
