/** Schema of media.sqlite, one entry per version (see openSqlite). Append only. */
export const MEDIA_SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    blob_key TEXT NOT NULL,
    has_thumbnail INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    message_id TEXT,
    conversation_id TEXT,
    position INTEGER
  );
  CREATE INDEX uploads_message ON uploads (message_id, position) WHERE message_id IS NOT NULL;
  -- The collector: unattached uploads by age.
  CREATE INDEX uploads_unattached ON uploads (created_at) WHERE message_id IS NULL;

  -- One row per stored blob: how many uploads use it (content addressing per owner).
  CREATE TABLE blobs (
    key TEXT PRIMARY KEY,
    refs INTEGER NOT NULL
  );
  `,
];
