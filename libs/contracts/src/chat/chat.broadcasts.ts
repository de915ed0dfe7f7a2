import type { CallEnded, CallRinging, CallSignal, CallUserChange } from './chat-calls.dto.js';
import type { Conversation, DeletedMessage, Message, PinChange, ReactionChange, ReadChange, TypingChange } from './chat.views.js';
import type { RoomBan, RoomMute } from './moderation.dto.js';

/** Socket.IO server→client events the chat service originates (API.md), with their payloads. */
export interface ChatDeliveryEvents {
  'message:new': Message;
  'message:updated': Message;
  'message:deleted': DeletedMessage;
  'conversation:new': Conversation;
  'message:reaction': ReactionChange;
  'message:pinned': PinChange;
  'conversation:read': ReadChange;
  /** Room moderation (ADR 0016), to the room's members and the muted / banned user. */
  'room:member-muted': RoomMute;
  'room:member-banned': RoomBan;
  /** Ephemeral: addressed to the other members only. */
  typing: TypingChange;
  'call:ringing': CallRinging;
  'call:accepted': CallUserChange;
  'call:participant-joined': CallUserChange;
  'call:participant-left': CallUserChange;
  'call:signal': CallSignal;
  'call:ended': CallEnded;
}

/**
 * Narrows a delivery to some of the user's sockets (socket ids are unique across replicas): `socketId` only that
 * socket (a call's signals), `exceptSocketId` all but that one (answered_elsewhere).
 */
export interface SocketScope {
  socketId?: string;
  exceptSocketId?: string;
}

export type ChatDeliveryEvent = keyof ChatDeliveryEvents;

/**
 * What the chat service fans out after a change is stored: `event` with `data` to every socket of each of
 * `userIds`. It travels as one UserDelivery per user on CHAT_BROADCASTS.delivery (`<subject>.<userId>`).
 */
export type ChatDelivery = {
  [E in ChatDeliveryEvent]: { userIds: string[]; event: E; data: ChatDeliveryEvents[E] } & SocketScope;
}[ChatDeliveryEvent];

/** One user's copy of a ChatDelivery, on `chat.deliver.user.<userId>` (the subject names the user). */
export type UserDelivery = {
  [E in ChatDeliveryEvent]: { event: E; data: ChatDeliveryEvents[E] } & SocketScope;
}[ChatDeliveryEvent];

/**
 * What every connected user receives at once: the announcements' new and deleted messages (ADR 0016). It travels as
 * ONE message on CHAT_BROADCASTS.everyone that every gateway replica emits to all of its sockets, never per user.
 */
export interface EveryoneDeliveryEvents {
  'message:new': Message;
  'message:deleted': DeletedMessage;
}

export type EveryoneDelivery = {
  [E in keyof EveryoneDeliveryEvents]: { event: E; data: EveryoneDeliveryEvents[E] };
}[keyof EveryoneDeliveryEvents];
