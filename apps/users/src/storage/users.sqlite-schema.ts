/** Schema of users.sqlite, one entry per version (see openSqlite). Append only. */
export const USERS_SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    -- Read copy fed by auth's events: not unique here (auth owns uniqueness, events may lag).
    username_key TEXT NOT NULL,
    email TEXT NOT NULL,
    -- NULL until the user picks one: shown as the username.
    display_name TEXT,
    display_name_key TEXT,
    bio TEXT NOT NULL DEFAULT '',
    avatar_url TEXT,
    online_status TEXT NOT NULL DEFAULT 'offline',
    last_seen_at TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    -- Version (UUIDv7) of the last account event applied; '' when seeded from a lookup.
    account_version TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX profiles_username_key ON profiles (username_key, id);
  CREATE INDEX profiles_display_name_key ON profiles (display_name_key, id);

  CREATE TABLE friend_requests (
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id)
  );
  CREATE INDEX friend_requests_to ON friend_requests (to_id, created_at);

  -- One row per direction, so "my friends" is one index range and the count is cheap.
  CREATE TABLE friendships (
    user_id TEXT NOT NULL,
    friend_id TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (user_id, friend_id)
  );
  CREATE INDEX friendships_user_since ON friendships (user_id, since, friend_id);

  CREATE TABLE blocks (
    blocker_id TEXT NOT NULL,
    blocked_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
  );
  CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);
  CREATE INDEX blocks_blocker_created ON blocks (blocker_id, created_at, blocked_id);
  `,
  // Presence sweep: the few profiles marked online, without reading the table.
  `
  CREATE INDEX profiles_online ON profiles (id) WHERE online_status = 'online';
  `,
  // Block and unblock calls whose change chat's copy may not have yet (ADR 0019): marked before the write, cleared after the publish.
  `
  CREATE TABLE blocks_unpublished (
    token TEXT PRIMARY KEY,
    blocker_id TEXT NOT NULL,
    blocked_id TEXT NOT NULL,
    since TEXT NOT NULL
  );
  CREATE INDEX blocks_unpublished_since ON blocks_unpublished (since);
  `,
];
