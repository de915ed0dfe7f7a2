import type { Message, PrivateProfile } from '../../api/types.js';
import type { ChatStore } from '../../state/chat-store.js';
import type { PendingMessage } from '../../state/message-log.js';
import type { MessageItemProps } from '../molecules/message-item.js';
import { ROOM_MENTION } from '../molecules/mention-text.js';

export interface MessageContext {
  store: ChatStore;
  me: PrivateProfile | null;
  nameOf: (userId: string) => string;
  /** Usernames that mention someone in this conversation. */
  mentionable: readonly string[];
}

/** Who can be mentioned in a conversation: its members, and everyone at once in a room. */
export function mentionableIn(conversation: { type: string; members: readonly { username: string }[] } | undefined): string[] {
  return [...(conversation?.members ?? []).map((m) => m.username), ...(conversation?.type === 'group' ? [ROOM_MENTION] : [])];
}

/** What every stored message shows wherever it appears (main history or a thread), and what can be done to it. */
export function storedMessageProps(m: Message, { store, me, nameOf, mentionable }: MessageContext): MessageItemProps {
  return {
    seq: m.seq,
    author: nameOf(m.senderId),
    content: m.content,
    time: m.createdAt,
    own: m.senderId === me?.id,
    edited: m.editedAt !== null,
    deleted: m.deletedAt !== null,
    onEdit: (content) => store.edit(m.id, content),
    onDelete: () => store.remove(m),
    replyTo: m.replyTo ? { author: nameOf(m.replyTo.senderId), content: m.replyTo.content, deleted: m.replyTo.deletedAt !== null } : null,
    reactions: m.reactions.map((r) => ({ emoji: r.emoji, count: r.count, mine: r.userIds.includes(me?.id ?? '') })),
    pinned: m.pinnedAt !== null,
    onReact: (emoji) => store.react(m, emoji),
    attachments: m.attachments,
    mentions: { mentionable, myUsername: me?.username, mentionsMe: m.mentions.includes(me?.id ?? '') },
  };
}

/** A message on its way: "Sending…", or "failed — retry" (the retry reuses its clientMsgId and uploads). */
export function pendingMessageProps(p: PendingMessage, store: ChatStore): MessageItemProps {
  return { author: 'You', content: p.content, time: new Date().toISOString(), own: true, status: p.status, onRetry: () => store.retry(p.clientMsgId), attachments: p.attachments };
}
