/** DI token of the chat service's SQLite handle (only bound when the sqlite adapter is selected). */
export const CHAT_SQLITE = Symbol('CHAT_SQLITE');

/** DI token of ChatEnv.MESSAGE_COMMIT_WINDOW_MS for the SQLite message repository's group commit. */
export const MESSAGE_COMMIT_WINDOW_MS = Symbol('MESSAGE_COMMIT_WINDOW_MS');
