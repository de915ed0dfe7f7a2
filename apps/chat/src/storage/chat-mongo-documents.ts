import { DEFAULT_NOTIFICATION_LEVEL, type NotificationLevel } from '#contracts';
import type { CallRecord } from '../calls/call.entity.js';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.entity.js';
import type { MessageRecord } from '../messages/message.entity.js';
import type { MentionRecord } from '../mentions/mention.entity.js';
import type { ReactionRecord } from '../reactions/reaction.entity.js';

export type ConversationDocument = Omit<ConversationRecord, 'id'> & { _id: string; nameKey: string | null };

/**
 * `version`: the seq of the join it reflects, 0 for the members a conversation was created with.
 * `notificationLevel` is null (or absent on documents older than the field) until the member chooses one.
 */
export type MemberDocument = Omit<MemberRecord, 'notificationLevel'> & { _id: string; version: number; notificationLevel?: NotificationLevel | null };

/** Derived from the log (see MongoConversationLog.apply); `version` is the seq of the event it reflects. */
export type MessageDocument = Omit<MessageRecord, 'id'> & { _id: string; version: number; words: string[] };

/** A reaction's state (see ReactionSchema). */
export type ReactionDocument = ReactionRecord & { _id: string; conversationId: string; version: number };

/** A pin's state (see PinSchema): `_id` is the message id. */
export type PinDocument = { _id: string; conversationId: string; pinnedBy: string; pinnedAt: Date; seq: number; version: number };

/** A mention (see MentionSchema). */
export type MentionDocument = MentionRecord & { _id: string };
/** A call (see CallSchema): `open` only while it is not ended. */
export type CallDocument = Omit<CallRecord, 'id'> & { _id: string; open?: true };

export const memberKey = (conversationId: string, userId: string) => `${conversationId}:${userId}`;

export const toConversationRecord = ({ _id, nameKey: _nameKey, ...rest }: ConversationDocument): ConversationRecord => ({ id: _id, ...rest });

export const toMemberRecord = ({ _id: _key, version: _version, notificationLevel, ...member }: MemberDocument): MemberRecord => ({
  ...member,
  notificationLevel: notificationLevel ?? DEFAULT_NOTIFICATION_LEVEL,
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
  replyToId: doc.replyToId ?? null,
  threadId: doc.threadId ?? null,
});
