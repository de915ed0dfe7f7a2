import { durableEvent, shape, subjectsOf } from '../contract.js';
import type { ConversationType } from './chat.views.js';

// What chat tells the rest of the system through JetStream (durable, replayable), and what the notifications
// service reads back about a message it heard of. The ephemeral per-user deliveries are for sockets only.

/**
 * One message of a `events.chat.message.created` batch, relayed from chat's log outbox (docs/adr/0014). No content:
 * consumers ask chat for what they need, so the stream never holds a copy of what a sender may later delete.
 */
export interface ChatMessageCreatedEvent {
  conversationId: string;
  seq: number;
  messageId: string;
  senderId: string;
  /** ISO 8601. */
  at: string;
  /**
   * Every member but the sender when the event was relayed (ids only), so a consumer can drop a message nobody it
   * serves needs before asking chat for its audience. Absent on events from before it existed and in conversations
   * of more than MESSAGE_CREATED_RECIPIENTS_MAX members (the event stays small): then ask chat.
   */
  recipientIds?: string[];
}

/** Above this many recipients, `recipientIds` is left out of a message.created event. */
export const MESSAGE_CREATED_RECIPIENTS_MAX = 1000;

/**
 * Payload of `events.chat.message.created` since 2026-12-03: the message.created events of one pass of chat's
 * relay, oldest first, at most MESSAGE_CREATED_BATCH_MAX (one JetStream message, stored, delivered and acked once,
 * instead of one per message: ADR 0014). JetStream msgID `outbox:<first entry>-<last entry>`.
 */
export interface ChatMessageCreatedBatch {
  events: ChatMessageCreatedEvent[];
}

/** Events per message.created batch: with recipients named, a batch of direct messages stays well under 100 kB. */
export const MESSAGE_CREATED_BATCH_MAX = 100;

/**
 * Recipient ids named in one batch, all events together (≈ 370 kB): a batch of large rooms is cut sooner, so it stays
 * under NATS's default 1 MB payload limit. One event alone names at most MESSAGE_CREATED_RECIPIENTS_MAX.
 */
export const MESSAGE_CREATED_BATCH_RECIPIENTS_MAX = 10_000;

/**
 * What the stream may hold on `events.chat.message.created`: batches, or single events (msgID
 * `<conversationId>:<seq>`) relayed before batching, which consumers still read while the stream keeps them.
 */
export type ChatMessageCreatedPayload = ChatMessageCreatedBatch | ChatMessageCreatedEvent;

/** Durable events of chat (JetStream), written through the conversation log's outbox. */
export const CHAT_EVENT_CONTRACTS = {
  messageCreated: durableEvent('events.chat.message.created', shape<ChatMessageCreatedPayload>('ChatMessageCreatedPayload')),
} as const;
export const CHAT_EVENTS = subjectsOf(CHAT_EVENT_CONTRACTS);

export interface AudienceMember {
  userId: string;
  lastReadSeq: number;
  /** The member's level for the conversation. */
  level: 'all' | 'mentions' | 'none';
  /** The message mentions them (a direct message counts as a mention, API.md "Notifications"). */
  mentioned: boolean;
}

export interface NotificationAudience {
  /** null: the message no longer exists or was deleted (nothing to notify). */
  message: {
    id: string;
    conversationId: string;
    seq: number;
    senderId: string;
    content: string;
  } | null;
  conversationType: ConversationType;
  /** Every member but the sender. */
  recipients: AudienceMember[];
}

