import type { SyncEventType } from '#contracts';
import type { MessageRecord } from '../messages/message.entity.js';

/** An entry of a conversation's sync log: every change of a conversation is one, numbered by its seq. */
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
