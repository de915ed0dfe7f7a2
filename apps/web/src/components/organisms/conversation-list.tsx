import type { Conversation } from '../../api/types.js';
import { useChatState, useStore } from '../../state/store-context.js';
import { ConversationItem } from '../molecules/conversation-item.js';

/** The other member of a direct conversation, seen from `meId`. */
export function peerOf(conversation: Conversation, meId: string | undefined) {
  return conversation.type === 'direct' ? conversation.members.find((m) => m.id !== meId) : undefined;
}

export function titleOf(conversation: Conversation, meId: string | undefined): string {
  const peer = peerOf(conversation, meId);
  return conversation.name ?? (peer ? peer.displayName || peer.username : 'Conversation');
}

export function ConversationList() {
  const store = useStore();
  const { conversations, activeId, me, presence } = useChatState();
  return (
    <nav aria-label="Conversations" className="conversation-list">
      <h2>Conversations</h2>
      {conversations.length === 0 && <p className="empty">No conversations yet: find people or rooms to start one.</p>}
      <ul>
        {conversations.map((c) => {
          const peer = peerOf(c, me?.id);
          const last = c.lastMessage;
          return (
            <ConversationItem
              key={c.id}
              title={titleOf(c, me?.id)}
              preview={last ? (last.deletedAt ? 'Message deleted' : last.content || (last.attachments.length > 0 ? `${last.attachments.length} ${last.attachments.length === 1 ? 'file' : 'files'}` : '')) : ''}
              unread={c.unreadCount}
              mentions={c.unreadMentionCount}
              active={c.id === activeId}
              avatarUrl={peer?.avatarUrl}
              presence={peer ? (presence[peer.id] ?? peer.onlineStatus) : undefined}
              onOpen={() => void store.openConversation(c.id).catch(() => undefined)}
            />
          );
        })}
      </ul>
    </nav>
  );
}
