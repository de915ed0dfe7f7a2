import type { RoomRole, RoomVisibility, ConversationType, SyncEventType } from '#contracts';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.entity.js';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';

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
}

/** An events row joined with its message (m_* columns are null for member events). */
export interface EventRow {
  conversation_id: string;
  seq: number;
  type: SyncEventType;
  message_id: string | null;
  user_id: string;
  content: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  at: string;
  m_seq: number | null;
  m_sender_id: string | null;
  m_client_msg_id: string | null;
  m_created_at: string | null;
}

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

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
});

export const toMessage = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  senderId: row.sender_id,
  content: row.content,
  clientMsgId: row.client_msg_id,
  createdAt: new Date(row.created_at),
  editedAt: date(row.edited_at),
  deletedAt: date(row.deleted_at),
});

export const toEvent = (row: EventRow): ChatEventRecord => ({
  conversationId: row.conversation_id,
  seq: row.seq,
  type: row.type,
  userId: row.user_id,
  at: new Date(row.at),
  message:
    row.message_id === null
      ? null
      : {
          id: row.message_id,
          conversationId: row.conversation_id,
          seq: row.m_seq as number,
          senderId: row.m_sender_id as string,
          content: row.content ?? '',
          clientMsgId: row.m_client_msg_id,
          createdAt: new Date(row.m_created_at as string),
          editedAt: date(row.edited_at),
          deletedAt: date(row.deleted_at),
        },
});

export const EVENT_SELECT = `
  SELECT e.*, m.seq AS m_seq, m.sender_id AS m_sender_id, m.client_msg_id AS m_client_msg_id, m.created_at AS m_created_at
  FROM events e LEFT JOIN messages m ON m.id = e.message_id`;
