import type { AuditEntry } from '../../api/types.js';

export interface AuditItemProps {
  entry: AuditEntry;
  nameOf: (userId: string) => string;
}

/** One audit log entry: who did what to what, why and when. */
export function AuditItem({ entry, nameOf }: AuditItemProps) {
  const target = entry.target.type === 'user' ? nameOf(entry.target.id) : entry.target.id;
  return (
    <tr data-testid="audit-entry">
      <td>
        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
      </td>
      <td>{entry.actor === 'system' ? 'system' : nameOf(entry.actor)}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        {entry.target.type} {target}
      </td>
      <td>{entry.reason ?? ''}</td>
    </tr>
  );
}
