import { type ConversationType, DEFAULT_NOTIFICATION_LEVEL, type NotificationLevel, type RoomRole, type RoomVisibility } from '#contracts';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.entity.js';
import type { MessageRecord } from '../messages/message.entity.js';

export interface ConversationRow {
  id: string;
  type: ConversationType;
  pair_key: string | null;
  name: string | null;
  description: string;
  visibility: RoomVisibility | null;
  created_by: string;
  created_at: string;
  last_seq: number;
  activity_at: string;
}

export interface MemberRow {
  conversation_id: string;
  user_id: string;
  role: RoomRole;
  joined_at: string;
  last_read_seq: number;
  notification_level: NotificationLevel | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  content: string;
  client_msg_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  reply_to_id?: string | null;
  thread_id?: string | null;
}

const sqliteDate = (value: string | null): Date | null => (value === null ? null : new Date(value));

export const toConversation = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  type: row.type,
  pairKey: row.pair_key,
  name: row.name,
  description: row.description,
  visibility: row.visibility,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
  lastSeq: row.last_seq,
  activityAt: new Date(row.activity_at),
});

export const toMember = (row: MemberRow): MemberRecord => ({
  conversationId: row.conversation_id,
  userId: row.user_id,
  role: row.role,
  joinedAt: new Date(row.joined_at),
  lastReadSeq: row.last_read_seq,
  notificationLevel: row.notification_level ?? DEFAULT_NOTIFICATION_LEVEL,
});

export const toMessage = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  senderId: row.sender_id,
  content: row.content,
  clientMsgId: row.client_msg_id,
  createdAt: new Date(row.created_at),
  editedAt: sqliteDate(row.edited_at),
  deletedAt: sqliteDate(row.deleted_at),
  replyToId: row.reply_to_id ?? null,
  threadId: row.thread_id ?? null,
});
