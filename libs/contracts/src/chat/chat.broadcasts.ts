import type { Conversation, DeletedMessage, Message, PinChange, ReactionChange } from './chat.views.js';

/** Socket.IO server→client events the chat service originates (API.md), with their payloads. */
export interface ChatDeliveryEvents {
  'message:new': Message;
  'message:updated': Message;
  'message:deleted': DeletedMessage;
  'conversation:new': Conversation;
  'message:reaction': ReactionChange;
  'message:pinned': PinChange;
  'conversation:read': { conversationId: string; userId: string; lastReadSeq: number };
  /** Ephemeral: addressed to the other members only. */
  typing: { conversationId: string; userId: string; isTyping: boolean };
}

export type ChatDeliveryEvent = keyof ChatDeliveryEvents;

/**
 * Published on CHAT_BROADCASTS.delivery after the change is stored: each gateway replica emits
 * `event` with `data` to every socket it holds for any of `userIds`.
 */
export type ChatDelivery = {
  [E in ChatDeliveryEvent]: { userIds: string[]; event: E; data: ChatDeliveryEvents[E] };
}[ChatDeliveryEvent];
