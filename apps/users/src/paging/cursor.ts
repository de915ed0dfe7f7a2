import { PAGE_LIMIT_DEFAULT } from '#contracts';
import { DomainError } from '#common';

/**
 * Opaque keyset cursors: base64url JSON of the last item's sort key. A cursor past the end yields an
 * empty page; a malformed one is a validation error on `cursor`.
 */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through: reported below
  }
  throw DomainError.validation([{ field: 'cursor', message: 'cursor is not valid' }]);
}

/** A time-ordered cursor: the key is an ISO date. */
export function decodeTimeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  const decoded = decodeCursor(cursor);
  if (!decoded) return null;
  const at = new Date(decoded.key);
  if (Number.isNaN(at.getTime())) throw DomainError.validation([{ field: 'cursor', message: 'cursor is not valid' }]);
  return { at, id: decoded.id };
}

export function pageLimit(limit: number | undefined): number {
  return limit ?? PAGE_LIMIT_DEFAULT;
}

/**
 * Repositories are asked for limit + 1 rows: the extra one only says whether a next page exists.
 * Returns the page and the cursor after its last item.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => [string, string]): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null };
}
