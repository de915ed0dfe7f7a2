import { useState, type FormEvent } from 'react';
import { Button } from '../atoms/button.js';
import { TextInput } from '../atoms/text-input.js';
import { QuotedMessage, type QuotedMessageProps } from './quoted-message.js';
import { ReactionBar, type ReactionView } from './reaction-bar.js';

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
  replyTo?: QuotedMessageProps | null;
  reactions?: ReactionView[];
  pinned?: boolean;
  onReact?: (emoji: string) => Promise<void>;
  onReply?: () => void;
  onPin?: (pinned: boolean) => Promise<void>;
}

export function MessageItem(props: MessageItemProps) {
  const { author, content, time, own, seq, edited, deleted, status, seen, highlighted, onRetry, onEdit, onDelete } = props;
  const { replyTo, reactions = [], pinned, onReact, onReply, onPin } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(content);
  const [error, setError] = useState<string | null>(null);

  const report = (fallback: string) => (e: unknown) => setError(e instanceof Error ? e.message : fallback);
  const live = !deleted && !status;

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
        {pinned && !deleted && <span className="message-pinned"> · pinned</span>}
      </div>
      {replyTo && <QuotedMessage {...replyTo} />}
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
      {!deleted && <ReactionBar reactions={reactions} onToggle={live && onReact ? (emoji) => void onReact(emoji).catch(report('Reaction failed')) : undefined} />}
      {seen && <div className="message-status seen">Seen</div>}
      {error && <div role="alert">{error}</div>}
      {live && !editing && (onReply || onPin || (own && (onEdit || onDelete))) && (
        <div className="message-actions">
          {onReply && (
            <Button variant="link" onClick={onReply} aria-label={`Reply to message: ${content}`}>
              Reply
            </Button>
          )}
          {onPin && (
            <Button variant="link" onClick={() => void onPin(!pinned).catch(report('Pin failed'))} aria-label={`${pinned ? 'Unpin' : 'Pin'} message: ${content}`}>
              {pinned ? 'Unpin' : 'Pin'}
            </Button>
          )}
          {own && onEdit && (
            <Button variant="link" onClick={() => (setDraft(content), setEditing(true))} aria-label={`Edit message: ${content}`}>
              Edit
            </Button>
          )}
          {own && onDelete && (
            <Button variant="link" onClick={() => void onDelete().catch(report('Delete failed'))} aria-label={`Delete message: ${content}`}>
              Delete
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
