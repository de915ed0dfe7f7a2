import { Logger } from '@nestjs/common';
import type { SqliteDatabase } from '#common';

/** Appends between two background passes: one FTS5 segment per pass instead of one per commit. */
export const SEARCH_INDEX_BATCH = 256;

const logger = new Logger('SqliteSearchIndex');
const indexes = new WeakMap<SqliteDatabase, SqliteSearchIndex>();

/**
 * The full-text index of messages on SQLite, kept behind the messages table instead of inside each send's
 * transaction (ADR 0005 amendment): FTS5 writes a new segment per transaction, which cost a send about as much
 * as the rest of its writes together. `fts_progress.indexed_pk` is the last message pk in the index; every row
 * after it is indexed by `catchUp()`, which runs after SEARCH_INDEX_BATCH appends and before every search, so a
 * search still finds a message as soon as its send was acked. An edit or delete of a message not yet indexed has
 * nothing to remove: the pass indexes the row's content as it is then, and skips deleted rows.
 */
export class SqliteSearchIndex {
  private readonly progress;
  private readonly lastPk;
  private readonly indexRange;
  private readonly setProgress;
  private readonly insert;
  private readonly remove;
  private readonly pass;
  private appendedSincePass = 0;
  private scheduled = false;

  /** One per database file: the message and search repositories share its counter. */
  static of(db: SqliteDatabase): SqliteSearchIndex {
    let index = indexes.get(db);
    if (!index) indexes.set(db, (index = new SqliteSearchIndex(db)));
    return index;
  }

  private constructor(db: SqliteDatabase) {
    this.progress = db.prepare<[], { indexed_pk: number }>('SELECT indexed_pk FROM fts_progress WHERE id = 1');
    this.lastPk = db.prepare<[], { pk: number | null }>('SELECT MAX(pk) AS pk FROM messages');
    this.indexRange = db.prepare<[number, number]>(
      'INSERT INTO messages_fts (rowid, content) SELECT pk, content FROM messages WHERE pk > ? AND pk <= ? AND deleted_at IS NULL ORDER BY pk',
    );
    this.setProgress = db.prepare<[number]>('UPDATE fts_progress SET indexed_pk = ? WHERE id = 1');
    this.insert = db.prepare<[number, string]>('INSERT INTO messages_fts (rowid, content) VALUES (?, ?)');
    // External-content FTS5 forgets a row only when told its old text.
    this.remove = db.prepare<[number, string]>("INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', ?, ?)");
    // Inside a caller's transaction this runs as a savepoint; on its own, as BEGIN IMMEDIATE … COMMIT.
    const pass = db.transaction((): number => {
      const from = this.indexedPk();
      const to = this.lastPk.get()?.pk ?? 0;
      if (to <= from) return 0;
      this.indexRange.run(from, to);
      this.setProgress.run(to);
      return to - from;
    });
    this.pass = () => pass.immediate();
  }

  /** Indexes every message stored since the last pass; returns how many pks it covered. */
  catchUp(): number {
    this.appendedSincePass = 0;
    return this.pass();
  }

  /** Counts stored messages and schedules a pass (after the acks of this turn are sent) once a batch is waiting. */
  appended(count: number): void {
    this.appendedSincePass += count;
    if (this.appendedSincePass < SEARCH_INDEX_BATCH || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.catchUp();
      } catch (error) {
        // E.g. busy beyond busy_timeout: the rows stay after indexed_pk, and the next pass or search indexes them.
        logger.warn({ err: error }, 'search index pass failed; retried with the next one');
      }
    });
  }

  /**
   * Within an edit's or a delete's transaction: takes the old text out of the index and puts the new one in
   * (null: deleted), if the message was indexed already.
   */
  replace(pk: number, oldContent: string, newContent: string | null): void {
    if (pk > this.indexedPk()) return;
    this.remove.run(pk, oldContent);
    if (newContent !== null) this.insert.run(pk, newContent);
  }

  private indexedPk(): number {
    return this.progress.get()?.indexed_pk ?? 0;
  }
}
