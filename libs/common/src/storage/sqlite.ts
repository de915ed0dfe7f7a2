import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * Opens (or creates) a service's SQLite file in WAL mode and brings its schema up to date.
 * `migrations[i]` moves the schema from version i to i+1; the applied version lives in `user_version`,
 * so start-up is idempotent and an old file is migrated forward.
 */
export function openSqlite(file: string, migrations: readonly string[]): SqliteDatabase {
  if (file !== ':memory:') createPrivately(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // SQLite gives -wal/-shm the database file's mode when it creates them; files from older builds are tightened here.
  if (file !== ':memory:') for (const extra of [`${file}-wal`, `${file}-shm`]) if (existsSync(extra)) chmodSync(extra, PRIVATE_FILE);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Savepoint journals (one per append in SqliteGroupCommit) and temporary sorts stay in memory: on file they were
  // written to a temporary file inside every commit, ≈ 11 of chat's 26 write syscalls per message (ADR 0005).
  db.pragma('temp_store = MEMORY');
  migrate(db, migrations);
  return db;
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * The data folder 0700 and the database file 0600 before SQLite opens it: they hold password hashes and
 * messages, which no other local user may read. An existing folder or file (older builds made 0755/0644)
 * is tightened too.
 */
export function createPrivately(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, PRIVATE_DIR);
  closeSync(openSync(file, 'a', PRIVATE_FILE));
  chmodSync(file, PRIVATE_FILE);
}

export function sqliteFile(dataDir: string, service: string): string {
  return join(dataDir, `${service}.sqlite`);
}

function migrate(db: SqliteDatabase, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this build knows (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** SQLite reports a unique violation as `SQLITE_CONSTRAINT_UNIQUE` with the column list in the message. */
export function sqliteUniqueViolation(error: unknown): string | undefined {
  // Duck-typed: the native error class may come from another realm (e.g. under Jest).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string') {
    return message.replace(/^UNIQUE constraint failed: /, '');
  }
  return undefined;
}

const statementCache = new WeakMap<SqliteDatabase, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)` once per database and SQL text: preparing parses and plans the statement, which costs more
 * than running a simple one (auth's session check runs on every request). Statements built from a few
 * optional columns stay few, so the cache needs no bound.
 */
export function prepared<P extends unknown[] | object = unknown[], R = unknown>(db: SqliteDatabase, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement as Database.Statement<P, R>;
}

type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * The most calls one group commit writes. After a 5 s freeze of the gateway, chat wrote 2,861 sends in one commit
 * (110 ms of its event loop); with 128 the longest commit took 38 ms on a machine saturated by the catch-up
 * (bench/README, "The gateway's garbage, and a backlog in pieces"). A steady 2,000 sends/s fills a commit with
 * 5–6: the bound never binds there.
 */
const GROUP_COMMIT_MAX_BATCH = 128;

/**
 * Group commit: calls of `run` made while the event loop is busy are written in one transaction (BEGIN
 * IMMEDIATE … COMMIT once for all, instead of once each), each in a savepoint of its own so that one that throws
 * rolls back alone and rejects alone. Every promise settles after the COMMIT: a caller that answers on
 * resolution still answers only for what is stored.
 *
 * `windowMs` (0: off) spaces commits at least that far apart: a call made when the last commit is older than the
 * window is committed after the current I/O phase, as without it, so an idle system adds no wait; a call made
 * sooner waits for the window's end with the calls that arrive meanwhile. Under load every commit then carries more
 * calls, and a commit's cost is mostly per page written (the shared pages of the tables' tails once per commit).
 *
 * A commit takes at most `maxBatch` calls; the rest follow in the next commits, one per turn of the event loop. A
 * backlog (a caller that was frozen for seconds, then let thousands of calls go at once) is then written in pieces
 * with the loop's other work between them, instead of in one transaction that blocks the process for its whole length.
 */
export class SqliteGroupCommit<I, O> {
  private readonly pending: { input: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private readonly batch: Database.Transaction<(inputs: I[]) => Settled<O>[]>;
  /** performance.now() of the last commit's start; -Infinity before the first. */
  private lastCommitAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: SqliteDatabase,
    write: (input: I) => O,
    private readonly windowMs = 0,
    private readonly maxBatch = GROUP_COMMIT_MAX_BATCH,
  ) {
    // Called inside the batch's transaction, a better-sqlite3 transaction function runs as a savepoint.
    const one = db.transaction(write);
    this.batch = db.transaction((inputs: I[]) =>
      inputs.map((input): Settled<O> => {
        try {
          return { ok: true, value: one(input) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length > 1) return;
      const wait = this.lastCommitAt + this.windowMs - performance.now();
      // After the I/O phase: the requests read in this turn (and their awaits on synchronous reads) join the batch.
      if (wait <= 0) setImmediate(() => this.flush());
      else setTimeout(() => this.flush(), wait);
    });
  }

  private flush(): void {
    const items = this.pending.splice(0, this.maxBatch);
    // A backlog is past every window: its next piece goes after this turn's I/O, as soon as the loop allows.
    if (this.pending.length > 0) setImmediate(() => this.flush());
    this.lastCommitAt = performance.now();
    let results: Settled<O>[];
    try {
      results = this.batch.immediate(items.map((item) => item.input));
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. busy beyond busy_timeout): nothing of the batch is stored.
      for (const item of items) item.reject(error);
      return;
    }
    results.forEach((result, i) => (result.ok ? items[i].resolve(result.value) : items[i].reject(result.error)));
  }
}
