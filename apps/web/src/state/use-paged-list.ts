import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './store-context.js';

export interface PagedList<T> {
  items: T[];
  /** 1-based number of the page shown. */
  page: number;
  hasNext: boolean;
  loading: boolean;
  error: string | null;
  next: () => void;
  previous: () => void;
  /** Loads the current page again (after an action changed it). */
  reload: () => void;
}

/**
 * Cursor paging for the staff lists: the cursors of the pages seen so far are kept, so "Previous" goes back
 * without the server having to page backwards. `key` changes (a new filter) start again at page 1.
 */
export function usePagedList<T, C = string>(load: (cursor: C | undefined) => Promise<{ items: T[]; nextCursor: C | null }>, key: string): PagedList<T> {
  const [paging, setPaging] = useState<{ key: string; cursors: (C | undefined)[] }>({ key, cursors: [undefined] });
  // Another key (filter) than the cursors were for: back to the first page.
  const cursors = paging.key === key ? paging.cursors : [undefined];
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<C | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const cursor = cursors.at(-1);
  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current(cursor).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!current) return;
        setError(errorText(e));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [cursor, cursors.length, key, version]);

  return {
    items,
    page: cursors.length,
    hasNext: nextCursor !== null && items.length > 0,
    loading,
    error,
    next: useCallback(() => {
      if (nextCursor !== null) setPaging({ key, cursors: [...cursors, nextCursor] });
    }, [key, cursors, nextCursor]),
    previous: useCallback(() => setPaging({ key, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }), [key, cursors]),
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}
