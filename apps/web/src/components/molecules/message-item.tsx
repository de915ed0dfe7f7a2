import { useState, type FormEvent } from 'react';
import { Button } from '../atoms/button.js';
import { TextInput } from '../atoms/text-input.js';
import { AttachmentList, type AttachmentView } from './attachment-list.js';
import { MentionText, type MentionTextProps } from './mention-text.js';
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
  attachments?: readonly AttachmentView[];
  /** Who may be mentioned here, to mark `@name`s (plain text without it). */
  mentions?: Omit<MentionTextProps, 'content'>;
  /** A thread root's live reply count (0: no thread yet). */
  replyCount?: number;
  /** Opens the message's thread; absent for thread replies (threads do not nest). */
  onOpenThread?: () => void;
}

export function MessageItem(props: MessageItemProps) {
  const { author, content, time, own, seq, edited, deleted, status, seen, highlighted, onRetry, onEdit, onDelete } = props;
  const { replyTo, reactions = [], pinned, onReact, onReply, onPin, attachments = [], mentions, replyCount = 0, onOpenThread } = props;
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
        (deleted || content) && (
          <div className={`message-body${deleted ? ' deleted' : ''}`}>{deleted ? 'Message deleted' : mentions ? <MentionText content={content} {...mentions} /> : content}</div>
        )
      )}
      {!deleted && <AttachmentList attachments={attachments} />}
      {!deleted && replyCount > 0 && onOpenThread && (
        <Button variant="link" className="thread-link" onClick={onOpenThread} aria-label={`${replyCount} ${replyCount === 1 ? 'reply' : 'replies'}, open thread`}>
          {replyCount} {replyCount === 1 ? 'reply' : 'replies'}
        </Button>
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
      {live && !editing && (onReply || onPin || onOpenThread || (own && (onEdit || onDelete))) && (
        <div className="message-actions">
          {onOpenThread && replyCount === 0 && (
            <Button variant="link" onClick={onOpenThread} aria-label={`Reply in thread: ${content}`}>
              Thread
            </Button>
          )}
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
