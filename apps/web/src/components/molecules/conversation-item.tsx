import { Avatar } from '../atoms/avatar.js';
import { Badge } from '../atoms/badge.js';
import { PresenceDot } from '../atoms/presence-dot.js';

export interface ConversationItemProps {
  title: string;
  preview: string;
  unread: number;
  /** Of the unread, those that mention me. */
  mentions?: number;
  active: boolean;
  avatarUrl?: string | null;
  /** Direct conversations only: the other user's presence. */
  presence?: 'online' | 'offline';
  onOpen: () => void;
}

export function ConversationItem({ title, preview, unread, mentions = 0, active, avatarUrl, presence, onOpen }: ConversationItemProps) {
  return (
    <li className={`conversation-item${active ? ' active' : ''}`}>
      <button type="button" onClick={onOpen} aria-current={active ? 'true' : undefined} aria-label={`${title}${unread ? `, ${unread} unread` : ''}${mentions ? `, ${mentions} ${mentions === 1 ? 'mention' : 'mentions'}` : ''}`}>
        <Avatar name={title} url={avatarUrl} />
        {presence && <PresenceDot status={presence} />}
        <span className="conversation-text">
          <span className="conversation-title">{title}</span>
          <span className="conversation-preview">{preview}</span>
        </span>
        <Badge count={mentions} label={mentions === 1 ? 'mention' : 'mentions'} className="mention-badge" text="@" />
        <Badge count={unread} label="unread messages" />
      </button>
    </li>
  );
}
