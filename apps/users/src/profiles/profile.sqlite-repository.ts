import { Inject, Injectable } from '@nestjs/common';
import type { OnlineStatus } from '#contracts';
import { type SqliteDatabase, prepared } from '#common';
import { USERS_SQLITE } from '../storage/users-storage.tokens.js';
import { type AccountSnapshot, type Profile, type ProfileChanges, type ProfileSearch, prefixEnd, searchKey } from './profile.entity.js';
import { ProfileRepository } from './profile.repository.js';

interface ProfileRow {
  id: string;
  username: string;
  email: string;
  display_name: string | null;
  bio: string;
  avatar_url: string | null;
  online_status: OnlineStatus;
  last_seen_at: string | null;
  disabled: number;
  created_at: string;
  account_version: string;
  updated_at: string;
}

const toProfile = (row: ProfileRow): Profile => ({
  id: row.id,
  username: row.username,
  email: row.email,
  displayName: row.display_name,
  bio: row.bio,
  avatarUrl: row.avatar_url,
  onlineStatus: row.online_status,
  lastSeenAt: row.last_seen_at ? new Date(row.last_seen_at) : null,
  disabled: row.disabled === 1,
  createdAt: new Date(row.created_at),
  accountVersion: row.account_version,
  updatedAt: new Date(row.updated_at),
});

@Injectable()
export class SqliteProfileRepository extends ProfileRepository {
  private readonly upsertAccount;
  private readonly byId;
  private readonly searchStatement;
  private readonly presenceUpdate;
  private readonly onlineIds;

  constructor(@Inject(USERS_SQLITE) private readonly db: SqliteDatabase) {
    super();
    this.upsertAccount = db.prepare(
      `INSERT INTO profiles (id, username, username_key, email, disabled, created_at, account_version, updated_at)
       VALUES (@id, @username, @usernameKey, @email, @disabled, @createdAt, @version, @at)
       ON CONFLICT (id) DO UPDATE SET
         username = excluded.username, username_key = excluded.username_key, email = excluded.email,
         disabled = excluded.disabled, account_version = excluded.account_version, updated_at = excluded.updated_at
       WHERE excluded.account_version > profiles.account_version`,
    );
    this.byId = db.prepare('SELECT * FROM profiles WHERE id = ?');
    this.presenceUpdate = db.prepare(
      'UPDATE profiles SET online_status = @status, last_seen_at = @at WHERE id = @id AND online_status <> @status RETURNING *',
    );
    this.onlineIds = db.prepare("SELECT id FROM profiles WHERE online_status = 'online'");
    // One range per index, each walked in (username_key, id) order from the keyset and cut at the limit, so
    // a page costs O(limit) on the username side whatever the page number. The display-name side is sorted
    // after its range is read (its index is in display-name order); with an empty prefix every profile
    // already matches by username, so that side is skipped.
    const branch = (range: string) =>
      `SELECT * FROM (
         SELECT * FROM profiles
         WHERE ${range} AND (username_key, id) > (@afterKey, @afterId)
           AND disabled = 0 AND id NOT IN (SELECT value FROM json_each(@exclude))
         ORDER BY username_key, id LIMIT @limit)`;
    this.searchStatement = db.prepare(
      `SELECT * FROM (
         ${branch('username_key >= @lo AND username_key < @hi')}
         UNION
         ${branch("@lo <> '' AND display_name_key >= @lo AND display_name_key < @hi")}
       )
       ORDER BY username_key, id
       LIMIT @limit`,
    );
  }

  async applyAccount(account: AccountSnapshot, at: Date): Promise<boolean> {
    const result = this.upsertAccount.run({
      id: account.id,
      username: account.username,
      usernameKey: searchKey(account.username),
      email: account.email,
      disabled: account.disabled ? 1 : 0,
      createdAt: account.createdAt.toISOString(),
      version: account.version,
      at: at.toISOString(),
    });
    return result.changes === 1;
  }

  async findById(id: string): Promise<Profile | null> {
    const row = this.byId.get(id) as ProfileRow | undefined;
    return row ? toProfile(row) : null;
  }

  async findByIds(ids: string[]): Promise<Profile[]> {
    if (ids.length === 0) return [];
    const rows = prepared(this.db, 'SELECT * FROM profiles WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as ProfileRow[];
    return rows.map(toProfile);
  }

  async updateFields(id: string, changes: ProfileChanges, at: Date): Promise<Profile | null> {
    const sets = ['updated_at = @at'];
    const params: Record<string, unknown> = { id, at: at.toISOString() };
    if (changes.displayName !== undefined) {
      sets.push('display_name = @displayName', 'display_name_key = @displayNameKey');
      params.displayName = changes.displayName;
      params.displayNameKey = changes.displayName === null ? null : searchKey(changes.displayName);
    }
    if (changes.bio !== undefined) {
      sets.push('bio = @bio');
      params.bio = changes.bio;
    }
    if (changes.avatarUrl !== undefined) {
      sets.push('avatar_url = @avatarUrl');
      params.avatarUrl = changes.avatarUrl;
    }
    const row = prepared(this.db, `UPDATE profiles SET ${sets.join(', ')} WHERE id = @id RETURNING *`).get(params) as
      | ProfileRow
      | undefined;
    return row ? toProfile(row) : null;
  }

  async search({ prefix, after, limit, excludeIds }: ProfileSearch): Promise<Profile[]> {
    const rows = this.searchStatement.all({
      lo: prefix,
      hi: prefixEnd(prefix),
      afterKey: after?.key ?? '',
      afterId: after?.id ?? '',
      exclude: JSON.stringify(excludeIds),
      limit,
    }) as ProfileRow[];
    return rows.map(toProfile);
  }

  async setPresence(id: string, status: OnlineStatus, at: Date): Promise<Profile | null> {
    const row = this.presenceUpdate.get({ id, status, at: at.toISOString() }) as ProfileRow | undefined;
    return row ? toProfile(row) : null;
  }

  async listOnlineIds(): Promise<string[]> {
    return (this.onlineIds.all() as { id: string }[]).map((row) => row.id);
  }
}
