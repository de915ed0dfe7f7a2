import type { SyncEventType } from '#contracts';

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
}

export type NewMessage = Omit<MessageRecord, 'seq' | 'editedAt' | 'deletedAt'>;

/** An entry of a conversation's sync log. */
export interface ChatEventRecord {
  conversationId: string;
  seq: number;
  type: SyncEventType;
  /** Who caused it: the sender/editor/deleter, or the member who joined/left. */
  userId: string;
  /** Message events: the message as it was right after the event. */
  message: MessageRecord | null;
  at: Date;
}

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
