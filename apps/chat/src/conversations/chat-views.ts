import type { Conversation, Message, PublicUser, Room, RoomDetail, RoomMember, SyncEvent } from '#contracts';
import { DomainError } from '#common';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';
import type { ActivityCursor, ConversationRecord, ConversationSummary, MemberRecord } from './conversation.entity.js';

export const messageView = (m: MessageRecord): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  senderId: m.senderId,
  content: m.content,
  clientMsgId: m.clientMsgId,
  createdAt: m.createdAt.toISOString(),
  editedAt: m.editedAt?.toISOString() ?? null,
  deletedAt: m.deletedAt?.toISOString() ?? null,
});

export function syncEventView(e: ChatEventRecord): SyncEvent {
  const base = { seq: e.seq, type: e.type, conversationId: e.conversationId, at: e.at.toISOString() };
  return e.message ? { ...base, message: messageView(e.message), userId: e.userId } : { ...base, userId: e.userId };
}

export function conversationView(s: ConversationSummary, profiles: Map<string, PublicUser>): Conversation {
  return {
    id: s.conversation.id,
    type: s.conversation.type,
    name: s.conversation.name,
    // Users the users service no longer knows (deleted accounts) are left out.
    members: s.memberIds.flatMap((id) => profiles.get(id) ?? []),
    lastMessage: s.lastMessage ? messageView(s.lastMessage) : null,
    lastSeq: s.conversation.lastSeq,
    lastReadSeq: s.lastReadSeq,
    unreadCount: s.unreadCount,
    updatedAt: s.conversation.activityAt.toISOString(),
  };
}

export const roomView = (c: ConversationRecord, memberCount: number): Room => ({
  id: c.id,
  name: c.name ?? '',
  description: c.description,
  visibility: c.visibility ?? 'private',
  memberCount,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
});

export function roomDetailView(c: ConversationRecord, members: MemberRecord[], profiles: Map<string, PublicUser>): RoomDetail {
  const views: RoomMember[] = members.flatMap((m) => {
    const user = profiles.get(m.userId);
    return user ? [{ user, role: m.role }] : [];
  });
  return { ...roomView(c, members.length), members: views };
}

/** Pages are read with one extra row: its presence says whether a next page exists. */
export function paged<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

export function encodeActivityCursor(c: ActivityCursor): string {
  return Buffer.from(JSON.stringify([c.activityAt.toISOString(), c.id])).toString('base64url');
}

export function decodeActivityCursor(cursor: string | undefined): ActivityCursor | null {
  if (cursor === undefined) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const activityAt = new Date(typeof at === 'string' ? at : NaN);
    if (typeof id === 'string' && !Number.isNaN(activityAt.getTime())) return { activityAt, id };
  } catch {
    // fall through to the validation error
  }
  throw DomainError.validation([{ field: 'cursor', message: 'cursor is not valid' }]);
}
