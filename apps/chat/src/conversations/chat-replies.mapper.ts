// Stored records → the replies of libs/contracts (Message, Conversation, Room, ...). Named `…FromRecord` so they
// cannot be mistaken for the contract classes themselves (libs/contracts/src/chat/chat.views.ts).
import { ANNOUNCEMENTS_CONVERSATION_ID, type Conversation, type Message, type PublicUser, type Room, type RoomDetail, type RoomMember, type SyncEvent } from '#contracts';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';
import type { ConversationRecord, ConversationSummary, MemberRecord } from './conversation.entity.js';

export const messageFromRecord = (m: MessageRecord): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  senderId: m.senderId,
  content: m.content,
  clientMsgId: m.clientMsgId,
  createdAt: m.createdAt.toISOString(),
  editedAt: m.editedAt?.toISOString() ?? null,
  deletedAt: m.deletedAt?.toISOString() ?? null,
  // Safe defaults of the extended shape; reactions are filled in by ReactionsService.withReactions where shown.
  // The system conversation holds announcements only (ADR 0016); every other message is a user's.
  kind: m.conversationId === ANNOUNCEMENTS_CONVERSATION_ID ? 'announcement' : 'user',
  replyTo: null,
  threadId: m.threadId,
  thread: null,
  mentions: [],
  reactions: [],
  pinnedAt: null,
  pinnedBy: null,
  attachments: [],
});

export function syncEventFromRecord(e: ChatEventRecord): SyncEvent {
  const base = { seq: e.seq, type: e.type, conversationId: e.conversationId, at: e.at.toISOString() };
  if (e.call) return { ...base, userId: e.userId, call: e.call };
  if (e.target) return { ...base, userId: e.userId, messageId: e.target.messageId, ...(e.target.emoji !== null ? { emoji: e.target.emoji } : {}) };
  return e.message ? { ...base, message: messageFromRecord(e.message), userId: e.userId } : { ...base, userId: e.userId };
}

export function conversationFromSummary(s: ConversationSummary, profiles: Map<string, PublicUser>, unreadMentionCount: number): Conversation {
  return {
    id: s.conversation.id,
    type: s.conversation.id === ANNOUNCEMENTS_CONVERSATION_ID ? 'announcements' : s.conversation.type,
    name: s.conversation.name,
    // Users the users service no longer knows (deleted accounts) are left out.
    members: s.memberIds.flatMap((id) => profiles.get(id) ?? []),
    lastMessage: s.lastMessage ? messageFromRecord(s.lastMessage) : null,
    lastSeq: s.conversation.lastSeq,
    lastReadSeq: s.lastReadSeq,
    unreadCount: s.unreadCount,
    unreadMentionCount,
    updatedAt: s.conversation.activityAt.toISOString(),
    notificationLevel: s.notificationLevel,
  };
}

export const roomFromRecord = (c: ConversationRecord, memberCount: number): Room => ({
  id: c.id,
  name: c.name ?? '',
  description: c.description,
  visibility: c.visibility ?? 'private',
  memberCount,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
});

export function roomDetailFromRecord(c: ConversationRecord, members: MemberRecord[], profiles: Map<string, PublicUser>): RoomDetail {
  const views: RoomMember[] = members.flatMap((m) => {
    const user = profiles.get(m.userId);
    return user ? [{ user, role: m.role }] : [];
  });
  return { ...roomFromRecord(c, members.length), members: views };
}
