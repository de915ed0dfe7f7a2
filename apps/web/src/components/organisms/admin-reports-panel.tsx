import { useCallback, useState } from 'react';
import type { Report } from '../../api/types.js';
import type { AdminApi } from '../../state/admin-api.js';
import { useStore } from '../../state/store-context.js';
import { usePagedList } from '../../state/use-paged-list.js';
import { useUserNames } from '../../state/use-user-names.js';
import { Pager } from '../molecules/pager.js';
import { SelectField } from '../molecules/select-field.js';
import { ReportItem } from '../molecules/report-item.js';

const STATUS = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
] as const satisfies readonly { value: Report['status']; label: string }[];

/** Reports by status; an open one is resolved with one of its resolutions, which the server carries out. */
export function AdminReportsPanel({ admin }: { admin: AdminApi }) {
  const store = useStore();
  const [status, setStatus] = useState<Report['status']>('open');
  const load = useCallback((cursor: string | undefined) => admin.reports(status, cursor), [admin, status]);
  const list = usePagedList(load, status);
  const nameOf = useUserNames(
    store.api,
    list.items.flatMap((r) => [r.reporter, ...(r.resolvedBy ? [r.resolvedBy] : []), ...(r.target.type === 'user' ? [r.target.id] : [])]),
  );
  return (
    <section className="panel" aria-labelledby="admin-reports-title">
      <h2 id="admin-reports-title">Reports</h2>
      <SelectField label="Show reports" value={status} options={STATUS} onChange={setStatus} />
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <ul className="user-list" aria-label={`${status === 'open' ? 'Open' : 'Resolved'} reports`} aria-busy={list.loading}>
        {list.items.map((report) => (
          <ReportItem
            key={report.id}
            report={report}
            nameOf={nameOf}
            onResolve={async (resolution) => {
              await admin.resolve(report.id, resolution);
              list.reload();
            }}
          />
        ))}
      </ul>
      {!list.loading && list.items.length === 0 && !list.error && <p className="muted">No {status} reports.</p>}
      <Pager what="reports" page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </section>
  );
}
