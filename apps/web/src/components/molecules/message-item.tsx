import { useState, type FormEvent } from 'react';
import { Button } from '../atoms/button.js';
import { TextInput } from '../atoms/text-input.js';

export interface MessageItemProps {
  author: string;
  content: string;
  time: string;
  own: boolean;
  /** Position in the conversation (search results scroll to it). */
  seq?: number;
  edited?: boolean;
  deleted?: boolean;
  status?: 'sending' | 'failed';
  seen?: boolean;
  highlighted?: boolean;
  onRetry?: () => void;
  onEdit?: (content: string) => Promise<void>;
  onDelete?: () => Promise<void>;
}

export function MessageItem(props: MessageItemProps) {
  const { author, content, time, own, seq, edited, deleted, status, seen, highlighted, onRetry, onEdit, onDelete } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(content);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!onEdit || !draft.trim()) return;
    onEdit(draft.trim()).then(
      () => setEditing(false),
      (e: unknown) => setError(e instanceof Error ? e.message : 'Edit failed'),
    );
  };

  return (
    <li className={`message${own ? ' own' : ''}${highlighted ? ' highlighted' : ''}${status ? ` ${status}` : ''}`} data-testid="message" data-seq={seq}>
      <div className="message-meta">
        <span className="message-author">{author}</span> <time dateTime={time}>{new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
        {edited && !deleted && <span className="message-edited"> (edited)</span>}
      </div>
      {editing ? (
        <form onSubmit={submit} className="message-edit">
          <TextInput aria-label="Edit message" value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
          <Button type="submit" variant="primary">
            Save
          </Button>
          <Button onClick={() => setEditing(false)}>Cancel</Button>
        </form>
      ) : (
        <div className={`message-body${deleted ? ' deleted' : ''}`}>{deleted ? 'Message deleted' : content}</div>
      )}
      {status === 'sending' && <div className="message-status">Sending…</div>}
      {status === 'failed' && (
        <div className="message-status failed" role="alert">
          failed —{' '}
          <Button variant="link" onClick={onRetry}>
            retry
          </Button>
        </div>
      )}
      {seen && <div className="message-status seen">Seen</div>}
      {error && <div role="alert">{error}</div>}
      {own && !deleted && !status && !editing && (onEdit || onDelete) && (
        <div className="message-actions">
          {onEdit && (
            <Button variant="link" onClick={() => (setDraft(content), setEditing(true))} aria-label={`Edit message: ${content}`}>
              Edit
            </Button>
          )}
          {onDelete && (
            <Button variant="link" onClick={() => void onDelete().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Delete failed'))} aria-label={`Delete message: ${content}`}>
              Delete
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
