/** DI token of the media service's SQLite handle (only bound when the sqlite adapter is selected). */
export const MEDIA_SQLITE = Symbol('MEDIA_SQLITE');
