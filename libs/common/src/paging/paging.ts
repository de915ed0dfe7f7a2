import { PAGE_LIMIT_DEFAULT } from '#contracts';
import { DomainError } from '../errors/domain.error.js';

// Keyset paging for every list of every service. A cursor is opaque to clients: base64url JSON of the last
// item's sort key and id. A cursor past the end yields an empty page; a malformed one is a validation
// error on `cursor`; an empty one means the first page.

/** A position in a list ordered by (key, id). */
export interface KeyCursor {
  key: string;
  id: string;
}

/** A position in a list ordered by (time, id). */
export interface TimeCursor {
  at: Date;
  id: string;
}

const invalidCursor = () => DomainError.validation([{ field: 'cursor', message: 'cursor is not valid' }]);

export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function encodeTimeCursor(at: Date, id: string): string {
  return encodeCursor(at.toISOString(), id);
}

export function decodeCursor(cursor: string | undefined): KeyCursor | null {
  if (cursor === undefined || cursor === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
    return { key: value[0], id: value[1] };
  }
  throw invalidCursor();
}

export function decodeTimeCursor(cursor: string | undefined): TimeCursor | null {
  const decoded = decodeCursor(cursor);
  if (!decoded) return null;
  const at = new Date(decoded.key);
  if (Number.isNaN(at.getTime())) throw invalidCursor();
  return { at, id: decoded.id };
}

/** The page size a request asked for, or the default. */
export function pageLimit(limit: number | undefined): number {
  return limit ?? PAGE_LIMIT_DEFAULT;
}

/**
 * Repositories are asked for limit + 1 rows: the extra one only says whether a next page exists.
 * Returns the page and, when there is more, the cursor after its last item.
 */
export function paged<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
