import { IsUUID } from 'class-validator';
import { durableEvent, rpc, shape, subjectsOf } from '../contract.js';
import type { ConversationType } from './chat.views.js';

// What chat tells the rest of the system through JetStream (durable, replayable), and what the notifications
// service asks chat about a message it heard of. The ephemeral per-user deliveries are for sockets only.

/**
 * Payload of `events.chat.message.created`: published from chat's log outbox (docs/adr/0014) with the
 * JetStream msgID `<conversationId>:<seq>`. No content: consumers ask chat for what they need, so the
 * stream never holds a copy of what a sender may later delete.
 */
export interface ChatMessageCreatedEvent {
  conversationId: string;
  seq: number;
  messageId: string;
  senderId: string;
  /** ISO 8601. */
  at: string;
}

/** Durable events of chat (JetStream), written through the conversation log's outbox. */
export const CHAT_EVENT_CONTRACTS = {
  messageCreated: durableEvent('events.chat.message.created', shape<ChatMessageCreatedEvent>('ChatMessageCreatedEvent')),
} as const;
export const CHAT_EVENTS = subjectsOf(CHAT_EVENT_CONTRACTS);

/** Asked by the notifications service: who should hear about this message, as chat sees it now. */
export class NotificationAudienceQuery {
  @IsUUID()
  messageId: string;
}

export type NotificationLevel = 'all' | 'mentions' | 'none';

export interface AudienceMember {
  userId: string;
  lastReadSeq: number;
  /** The member's level for the conversation ('all' until per-conversation levels exist). */
  level: NotificationLevel;
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
    senderName: string;
    content: string;
  } | null;
  conversationType: ConversationType;
  /** Every member but the sender. */
  recipients: AudienceMember[];
}

export const CHAT_NOTIFY_RPC = {
  notificationAudience: rpc('chat.notifications.audience', NotificationAudienceQuery, shape<NotificationAudience>('NotificationAudience')),
} as const;
export const CHAT_NOTIFY_SUBJECTS = subjectsOf(CHAT_NOTIFY_RPC);
