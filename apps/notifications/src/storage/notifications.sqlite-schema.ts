/** Schema of notifications.sqlite, one entry per version (see openSqlite). Append only. */
export const NOTIFICATIONS_SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    -- one browser subscription is one endpoint: registering it again (maybe as another user) keeps its id
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    user_agent TEXT,
    created_at TEXT NOT NULL,
    last_success_at TEXT
  );
  CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

  CREATE TABLE preferences (
    user_id TEXT PRIMARY KEY,
    push INTEGER NOT NULL,
    email TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;

  -- One row per (message, subscription) a push was attempted for: written before the request (state 'sending'),
  -- updated after it. A row means "never send this again" (docs/adr/0014).
  CREATE TABLE push_deliveries (
    message_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'gone', 'failed')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (message_id, subscription_id)
  ) WITHOUT ROWID;
  CREATE INDEX push_deliveries_age ON push_deliveries (updated_at);
  `,
];
