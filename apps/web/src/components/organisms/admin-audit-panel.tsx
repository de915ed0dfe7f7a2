import { useCallback } from 'react';
import type { AdminApi } from '../../state/admin-api.js';
import { useStore } from '../../state/store-context.js';
import { usePagedList } from '../../state/use-paged-list.js';
import { useUserNames } from '../../state/use-user-names.js';
import { Button } from '../atoms/button.js';
import { AuditItem } from '../molecules/audit-item.js';
import { Pager } from '../molecules/pager.js';

/** The audit log, newest first (admins only). */
export function AdminAuditPanel({ admin }: { admin: AdminApi }) {
  const store = useStore();
  const load = useCallback((cursor: string | undefined) => admin.audit(cursor), [admin]);
  const list = usePagedList(load, 'audit');
  const nameOf = useUserNames(
    store.api,
    list.items.flatMap((e) => [e.actor, ...(e.target.type === 'user' ? [e.target.id] : [])]),
  );
  return (
    <section className="panel" aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">Audit log</h2>
      <Button onClick={list.reload}>Refresh</Button>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <table className="audit-table" aria-busy={list.loading}>
        <caption className="muted">Every admin and moderator action, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((entry) => (
            <AuditItem key={entry.id} entry={entry} nameOf={nameOf} />
          ))}
        </tbody>
      </table>
      <Pager what="audit entries" page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </section>
  );
}
