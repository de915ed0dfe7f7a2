import { useState } from 'react';
import type { Report, ReportResolution } from '../../api/types.js';
import { Button } from '../atoms/button.js';
import { Tag } from '../atoms/tag.js';

export interface ReportItemProps {
  report: Report;
  /** Display names of the users involved, by id (an id shows when its name is not known). */
  nameOf: (userId: string) => string;
  onResolve?: (resolution: ReportResolution) => Promise<void>;
}

const RESOLUTION_LABELS: Record<ReportResolution, string> = {
  dismissed: 'Dismiss',
  message_deleted: 'Delete the message',
  user_disabled: 'Disable the user',
};

/** What each kind of target can be resolved with: only a reported message can be deleted. */
export function resolutionsFor(report: Pick<Report, 'target'>): ReportResolution[] {
  return report.target.type === 'message' ? ['dismissed', 'message_deleted', 'user_disabled'] : ['dismissed', 'user_disabled'];
}

export function ReportItem({ report, nameOf, onResolve }: ReportItemProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = report.target.type === 'user' ? `user ${nameOf(report.target.id)}` : `message ${report.target.id}`;
  const resolve = (resolution: ReportResolution) => {
    if (!onResolve) return;
    setBusy(true);
    setError(null);
    onResolve(resolution).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : 'Something went wrong');
      setBusy(false);
    });
  };
  return (
    <li className="admin-row" data-testid="report">
      <span className="user-name">
        <Tag tone={report.status === 'open' ? 'warning' : 'neutral'}>{report.status}</Tag> <strong>{report.reason}</strong>: {target}
        <span className="muted">
          {' '}
          reported by {nameOf(report.reporter)} · <time dateTime={report.createdAt}>{new Date(report.createdAt).toLocaleString()}</time>
        </span>
        {report.note && <q className="report-note">{report.note}</q>}
        {report.resolution && (
          <span className="muted">
            {' '}
            resolved: {report.resolution.replace('_', ' ')}
            {report.resolvedBy ? ` by ${nameOf(report.resolvedBy)}` : ''}
          </span>
        )}
      </span>
      {onResolve && report.status === 'open' && (
        <span className="row-actions" role="group" aria-label={`Resolve the report on ${target}`}>
          {resolutionsFor(report).map((r) => (
            <Button key={r} variant={r === 'dismissed' ? 'secondary' : 'danger'} disabled={busy} onClick={() => resolve(r)}>
              {RESOLUTION_LABELS[r]}
            </Button>
          ))}
        </span>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
