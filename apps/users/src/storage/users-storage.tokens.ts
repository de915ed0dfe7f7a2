/** DI token of the users service's SQLite handle (only bound when the sqlite adapter is selected). */
export const USERS_SQLITE = Symbol('USERS_SQLITE');
