import { describe, expect, it } from '@jest/globals';
import { PAGE_LIMIT_DEFAULT } from '#contracts';
import { decodeCursor, decodeTimeCursor, encodeCursor, encodeTimeCursor, pageLimit, paged } from './paging.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('paging', () => {
  it('gives the next page’s cursor only when a row beyond the limit was found', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(paged(rows, 2, (r) => r.id)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'b' });
    expect(paged(rows, 3, (r) => r.id)).toEqual({ items: rows, nextCursor: null });
  });

  it('reads back the position it wrote, and the first page for no cursor or an empty one', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor('alice', 'id-1'))).toEqual({ key: 'alice', id: 'id-1' });
    expect(decodeTimeCursor(encodeTimeCursor(at, 'id-2'))).toEqual({ at, id: 'id-2' });
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeTimeCursor('')).toBeNull();
  });

  it('refuses a cursor it did not write as a validation error on `cursor`', () => {
    const notJson = 'bm90IGpzb24';
    const wrongShape = Buffer.from(JSON.stringify({ key: 'a', id: 'b' })).toString('base64url');
    const notATime = encodeCursor('yesterday', 'id');
    for (const bad of [notJson, wrongShape]) expect(codeOf(() => decodeCursor(bad))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decodeTimeCursor(notATime))).toBe('VALIDATION_FAILED');
  });

  it('uses one default page size everywhere', () => {
    expect(pageLimit(undefined)).toBe(PAGE_LIMIT_DEFAULT);
    expect(pageLimit(7)).toBe(7);
  });
});
