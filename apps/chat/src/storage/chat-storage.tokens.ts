/** DI token of the chat service's SQLite handle (only bound when the sqlite adapter is selected). */
export const CHAT_SQLITE = Symbol('CHAT_SQLITE');
