import type { SyncEventType } from '#contracts';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.entity.js';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';

export type ConversationDocument = Omit<ConversationRecord, 'id'> & { _id: string; nameKey: string | null };

export type MemberDocument = MemberRecord & { _id: string };

export interface PendingEvent {
  seq: number;
  type: SyncEventType;
  userId: string;
  at: Date;
}

/** `pending`: the event of the message's latest change, written with it (see MessageSchema). */
export type MessageDocument = Omit<MessageRecord, 'id'> & { _id: string; pending: PendingEvent | null };

export interface EventDocument {
  conversationId: string;
  seq: number;
  type: SyncEventType | 'noop';
  messageId: string | null;
  userId: string | null;
  content: string | null;
  editedAt: Date | null;
  deletedAt: Date | null;
  at: Date;
}

export const memberKey = (conversationId: string, userId: string) => `${conversationId}:${userId}`;

export const toConversationRecord = ({ _id, nameKey: _nameKey, ...rest }: ConversationDocument): ConversationRecord => ({ id: _id, ...rest });

export const toMemberRecord = (doc: MemberDocument): MemberRecord => ({
  conversationId: doc.conversationId,
  userId: doc.userId,
  role: doc.role,
  joinedAt: doc.joinedAt,
  lastReadSeq: doc.lastReadSeq,
});

export const toMessageRecord = (doc: MessageDocument): MessageRecord => ({
  id: doc._id,
  conversationId: doc.conversationId,
  seq: doc.seq,
  senderId: doc.senderId,
  content: doc.content,
  clientMsgId: doc.clientMsgId ?? null,
  createdAt: doc.createdAt,
  editedAt: doc.editedAt ?? null,
  deletedAt: doc.deletedAt ?? null,
});

export function eventDocument(event: ChatEventRecord): EventDocument {
  return {
    conversationId: event.conversationId,
    seq: event.seq,
    type: event.type,
    messageId: event.message?.id ?? null,
    userId: event.userId,
    content: event.message?.content ?? null,
    editedAt: event.message?.editedAt ?? null,
    deletedAt: event.message?.deletedAt ?? null,
    at: event.at,
  };
}
