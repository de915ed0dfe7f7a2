import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteDatabase } from '#common';
import { makeTempDir } from '#common/testing';
import { USERS_SQLITE_MIGRATIONS } from '../storage/users.sqlite-schema.js';
import { SqliteProfileRepository } from './profile.sqlite-repository.js';

const PROFILES = 50_000;


/**
 * A page of GET /api/users must cost about its size, not the size of the table: the search walks the
 * username and display-name indexes from the keyset and stops at the limit. Checked through the query
 * plan (deterministic), not a stopwatch: speed itself is measured by `npm run bench`.
 */
describe('SqliteProfileRepository search uses its indexes', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: SqliteDatabase;
  let repo: SqliteProfileRepository;

  beforeAll(() => {
    dir = makeTempDir('users-search-cost');
    db = openSqlite(`${dir.path}/users.sqlite`, USERS_SQLITE_MIGRATIONS);
    const insert = db.prepare(
      `INSERT INTO profiles (id, username, username_key, email, display_name, display_name_key, created_at, account_version, updated_at)
       VALUES (@id, @name, @name, @email, @display, @displayKey, '2026-01-01T00:00:00.000Z', '', '2026-01-01T00:00:00.000Z')`,
    );
    db.transaction(() => {
      for (let i = 0; i < PROFILES; i++) {
        const n = String(i).padStart(6, '0');
        const display = i % 10 === 0 ? `Named ${n}` : null;
        insert.run({ id: `id-${n}`, name: `user${n}`, email: `${n}@example.com`, display, displayKey: display?.toLowerCase() ?? null });
      }
    })();
    repo = new SqliteProfileRepository(db);
  });

  afterAll(() => {
    db.close();
    dir.remove();
  });

  const planOf = (): string[] => {
    // The statement's own SQL, as the repository prepared it.
    const source = (repo as unknown as { searchStatement: { source: string } }).searchStatement.source;
    const params = { lo: 'user0', hi: 'user1', afterKey: '', afterId: '', exclude: '[]', limit: 51 };
    return (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(params) as { detail: string }[]).map((row) => row.detail);
  };

  it('walks the username and display-name indexes and never scans the profiles table', () => {
    const plan = planOf();
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH profiles USING INDEX profiles_username_key/));
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH profiles USING INDEX profiles_display_name_key/));
    expect(plan.filter((step) => /^SCAN profiles\b/.test(step))).toEqual([]);
  });

  it('returns full, ordered pages from the first page and from deep in the index', async () => {
    const first = await repo.search({ prefix: '', after: null, limit: 51, excludeIds: [] });
    expect(first.map((p) => p.username)).toEqual(Array.from({ length: 51 }, (_, i) => `user${String(i).padStart(6, '0')}`));
    const deep = await repo.search({ prefix: '', after: { key: 'user040000', id: 'id-040000' }, limit: 51, excludeIds: [] });
    expect(deep[0]?.username).toBe('user040001');
    expect(deep).toHaveLength(51);
    const byDisplayName = await repo.search({ prefix: 'named 0000', after: null, limit: 51, excludeIds: [] });
    expect(byDisplayName.map((p) => p.username)).toEqual(Array.from({ length: 10 }, (_, i) => `user0000${i}0`));
  });
});
