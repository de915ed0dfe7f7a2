import type { Conversation, DeletedMessage, Message, PinChange, ReactionChange, ReadChange, TypingChange } from './chat.views.js';

/** Socket.IO server→client events the chat service originates (API.md), with their payloads. */
export interface ChatDeliveryEvents {
  'message:new': Message;
  'message:updated': Message;
  'message:deleted': DeletedMessage;
  'conversation:new': Conversation;
  'message:reaction': ReactionChange;
  'message:pinned': PinChange;
  'conversation:read': ReadChange;
  /** Ephemeral: addressed to the other members only. */
  typing: TypingChange;
}

export type ChatDeliveryEvent = keyof ChatDeliveryEvents;

/**
 * What the chat service fans out after a change is stored: `event` with `data` to every socket of each of
 * `userIds`. It travels as one UserDelivery per user on CHAT_BROADCASTS.delivery (`<subject>.<userId>`).
 */
export type ChatDelivery = {
  [E in ChatDeliveryEvent]: { userIds: string[]; event: E; data: ChatDeliveryEvents[E] };
}[ChatDeliveryEvent];

/** One user's copy of a ChatDelivery, on `chat.deliver.user.<userId>` (the subject names the user). */
export type UserDelivery = {
  [E in ChatDeliveryEvent]: { event: E; data: ChatDeliveryEvents[E] };
}[ChatDeliveryEvent];
