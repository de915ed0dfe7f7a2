import type { ChatEventRecord } from '../conversation-log/conversation-event.js';

// The log owns the event type; re-exported for the code that reads it next to messages.
export type { ChatEventRecord };

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  content: string;
  clientMsgId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** The message this one quotes (same conversation), if any. */
  replyToId: string | null;
  /** Thread replies: the root message (same conversation); null in the main history. */
  threadId: string | null;
}

export type NewMessage = Omit<MessageRecord, 'seq' | 'editedAt' | 'deletedAt' | 'replyToId' | 'threadId'> & { replyToId?: string | null; threadId?: string | null };

export interface AppendResult {
  message: MessageRecord;
  /** True when (senderId, clientMsgId) was already stored: `message` is the original, nothing was written. */
  duplicate: boolean;
  /** The message.created event (null for a duplicate). */
  event: ChatEventRecord | null;
}

export interface ChangeResult {
  message: MessageRecord;
  event: ChatEventRecord;
}

export interface SeqRange {
  /** Exclusive bounds. */
  after?: number;
  before?: number;
  limit: number;
}
