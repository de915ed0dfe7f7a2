/** DI token of the auth service's SQLite handle (only bound when the sqlite adapter is selected). */
export const AUTH_SQLITE = Symbol('AUTH_SQLITE');
