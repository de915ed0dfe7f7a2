import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';

/**
 * Names for the user ids the staff lists carry (reporters, actors, targets): each id is looked up once
 * (`GET /api/users/:id`); until then, or when the lookup fails (a deleted account), the id itself shows.
 */
export function useUserNames(api: ApiClient, ids: readonly string[]): (id: string) => string {
  const [names, setNames] = useState<Record<string, string>>({});
  const missing = [...new Set(ids)].filter((id) => id !== 'system' && !(id in names)).sort().join(',');
  useEffect(() => {
    if (!missing) return;
    let current = true;
    const wanted = missing.split(',');
    void Promise.all(
      wanted.map((id) =>
        api
          .call((signal) => api.http.GET('/api/users/{id}', { params: { path: { id } }, signal }))
          .then((u) => [id, u.username] as const)
          .catch(() => [id, id] as const),
      ),
    ).then((found) => {
      if (current) setNames((n) => ({ ...n, ...Object.fromEntries(found) }));
    });
    return () => {
      current = false;
    };
  }, [api, missing]);
  return useCallback((id: string) => names[id] ?? id, [names]);
}
