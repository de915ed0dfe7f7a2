/** Schema of chat.sqlite, one entry per version (see openSqlite). Append only. */
export const CHAT_SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('direct', 'group')),
    -- direct only: "<smaller id>:<larger id>"; the unique index makes a pair's conversation exist once
    pair_key TEXT UNIQUE,
    name TEXT,
    name_key TEXT,
    description TEXT NOT NULL DEFAULT '',
    visibility TEXT CHECK (visibility IN ('public', 'private')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- the conversation's sequence: the seq of its latest event
    last_seq INTEGER NOT NULL DEFAULT 0,
    activity_at TEXT NOT NULL
  );
  CREATE INDEX conversations_rooms ON conversations (type, visibility, id);

  CREATE TABLE members (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    user_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at TEXT NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX members_by_user ON members (user_id, conversation_id);

  -- pk is an explicit INTEGER PRIMARY KEY so the FTS rowids stay stable (VACUUM may renumber implicit rowids)
  CREATE TABLE messages (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq INTEGER NOT NULL,
    sender_id TEXT NOT NULL,
    content TEXT NOT NULL,
    client_msg_id TEXT,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    deleted_at TEXT,
    UNIQUE (conversation_id, seq),
    UNIQUE (sender_id, client_msg_id)
  );

  -- the sync log; message events keep a snapshot of the message right after the event
  CREATE TABLE events (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    message_id TEXT,
    user_id TEXT NOT NULL,
    content TEXT,
    edited_at TEXT,
    deleted_at TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX events_by_message ON events (message_id) WHERE message_id IS NOT NULL;

  -- external content: the repository writes it in the same transaction as the message
  CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  // v2: unread counts walk only a member's unread, undeleted messages, from a covering index.
  `
  CREATE INDEX messages_unread ON messages (conversation_id, seq, sender_id) WHERE deleted_at IS NULL;
  `,
  // v3: reactions. One row per (message, emoji, user); seq is the reaction.added event that made it. The primary
  // key serves the aggregate and the idempotency check, reactions_latest the latest users per emoji and the list.
  `
  ALTER TABLE events ADD COLUMN emoji TEXT;
  CREATE TABLE reactions (
    message_id TEXT NOT NULL,
    emoji TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX reactions_latest ON reactions (message_id, emoji, seq);
  CREATE INDEX reactions_by_seq ON reactions (message_id, seq);
  `,
  // v4: pins. One row per pinned message; seq is its message.pinned event (the pins list is latest pin first).
  `
  CREATE TABLE pins (
    message_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    pinned_by TEXT NOT NULL,
    pinned_at TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX pins_latest ON pins (conversation_id, seq);
  `,
  // v5: replies keep the id of the message they quote; the quote itself is read live (edits and deletes show).
  `
  ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
  `,
  // v6: the read copy of the users service's blocks (ADR 0019). An unblock keeps its row (blocked = 0) with its seq.
  `
  CREATE TABLE blocks_copy (
    blocker_id TEXT NOT NULL,
    blocked_id TEXT NOT NULL,
    blocked INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
  ) WITHOUT ROWID;
  `,
];
