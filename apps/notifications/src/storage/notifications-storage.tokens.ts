/** DI token of the notifications service's SQLite handle (only bound when the sqlite adapter is selected). */
export const NOTIFICATIONS_SQLITE = Symbol('NOTIFICATIONS_SQLITE');
