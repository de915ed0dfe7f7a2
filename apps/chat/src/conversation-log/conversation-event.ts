import type { CallLogEntry, SyncEventType } from '#contracts';
import type { MessageRecord } from '../messages/message.entity.js';

/** An entry of a conversation's sync log: every change of a conversation is one, numbered by its seq. */
export interface ChatEventRecord {
  conversationId: string;
  seq: number;
  type: SyncEventType;
  /** Who caused it: the sender/editor/deleter, the member who joined/left, or who reacted. */
  userId: string;
  /** Message events: the message as it was right after the event. */
  message: MessageRecord | null;
  /** Reaction and pin events: the message they are about, and the emoji of a reaction (they carry no snapshot). */
  target?: EventTarget;
  /** call.started / call.ended: the call (no message, no target). */
  call?: CallLogEntry;
  at: Date;
}

export interface EventTarget {
  messageId: string;
  emoji: string | null;
}

/** Events that carry a snapshot of their message (the others name it at most). */
export const hasMessageSnapshot = (type: SyncEventType): boolean => type === 'message.created' || type === 'message.edited' || type === 'message.deleted';

/** Events the log's outbox publishes to JetStream (CHAT_EVENT_CONTRACTS; docs/adr/0014). */
export const isRelayed = (type: SyncEventType): boolean => type === 'message.created';
