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
  // v7: the log's outbox (docs/adr/0014): each message.created event waits here, written in its transaction, until
  // the relay has published it to JetStream. AUTOINCREMENT: ids never reused, so publishing order is commit order.
  `
  CREATE TABLE log_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL
  );
  `,
  // v8: a member's notification level (all / mentions / none); NULL is the default level.
  `
  ALTER TABLE members ADD COLUMN notification_level TEXT CHECK (notification_level IN ('all', 'mentions', 'none'));
  `,
  // v9: mentions, one row per (message, mentioned user), resolved when the message is stored or edited and removed with
  // it. mentions_unread serves unreadMentionCount (after a read position), mentions_latest the user's mentions list.
  `
  CREATE TABLE mentions (
    message_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX mentions_unread ON mentions (conversation_id, user_id, seq);
  CREATE INDEX mentions_latest ON mentions (user_id, created_at, message_id);
  `,
  // v10: threads. A reply keeps its root; messages_thread serves the thread's pages and its summary (count, last reply,
  // participants) from the index alone, and the unread rule's "did this member take part" lookup.
  `
  ALTER TABLE messages ADD COLUMN thread_id TEXT;
  CREATE INDEX messages_thread ON messages (thread_id, seq, sender_id, created_at) WHERE thread_id IS NOT NULL AND deleted_at IS NULL;
  CREATE INDEX messages_thread_all ON messages (thread_id, seq) WHERE thread_id IS NOT NULL;
  `,
  // v11: calls. One row per call; the open call of a conversation is unique (calls_open), which is what turns two
  // people calling each other at once into one call. Call events carry their call in events.call (JSON).
  `
  ALTER TABLE events ADD COLUMN call TEXT;
  CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    initiator_id TEXT NOT NULL,
    media TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('ringing', 'active', 'ended')),
    reason TEXT,
    -- JSON: invitees, declined, joined (ever), participants ([{ userId, socketId }] in the call now)
    people TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    answered_at TEXT,
    ended_at TEXT,
    started_seq INTEGER NOT NULL,
    ended_seq INTEGER
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX calls_open ON calls (conversation_id) WHERE state <> 'ended';
  CREATE INDEX calls_missed ON calls (conversation_id, ended_seq) WHERE reason = 'missed';
  `,
  // v12: administration and moderation (ADR 0016): reports, room mutes and bans, and the per-user read position
  // in the announcements conversation (created on a user's first read; no member rows for it).
  `
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    reporter_id TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_by TEXT,
    resolution TEXT,
    resolved_at TEXT
  );
  CREATE UNIQUE INDEX reports_one_open ON reports (reporter_id, target_type, target_id) WHERE status = 'open';
  CREATE INDEX reports_latest ON reports (created_at, id);
  CREATE TABLE room_mutes (
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    until TEXT NOT NULL,
    muted_by TEXT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE room_bans (
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    banned_by TEXT NOT NULL,
    banned_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE announcement_reads (
    user_id TEXT PRIMARY KEY,
    last_read_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // v13: messages reach the full-text index in batches behind the table (SqliteSearchIndex, ADR 0005 amendment);
  // indexed_pk is the last pk in the index, and every message stored so far is in it.
  `
  CREATE TABLE fts_progress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_pk INTEGER NOT NULL
  );
  INSERT INTO fts_progress (id, indexed_pk) SELECT 1, COALESCE(MAX(pk), 0) FROM messages;
  `,
  // v14: messages_unread stopped being covering when v10 added the thread rule (thread_id is read from the row for
  // each counted message), so UNIQUE (conversation_id, seq) serves the counts as well; each send writes one index
  // page fewer (ADR 0005, amendment of 2026-12-05).
  `
  DROP INDEX messages_unread;
  `,
];
