import type { ChatDeliveryEvents } from '../chat/chat.broadcasts.js';
import type { CallIdPayload, CallJoined, CallRef, CallSignalPayload, CallStartPayload } from '../chat/chat-calls.dto.js';
import type { EmptyReply } from '../chat/chat.subjects.js';
import type { Message, ReadPosition, SyncBatch } from '../chat/chat.views.js';
import type { ErrorCode, FieldError } from '../errors.js';
import type { DeleteMessagePayload, EditMessagePayload, ReactionPayload, ReadPayload, SendMessagePayload, SyncPayload, TypingPayload } from './realtime.payloads.js';
import type { FriendChange, MessageDeletedAck, PresenceView, SessionEnded } from './realtime.views.js';

/** Socket.IO events a client emits (API.md "Socket.IO"); every one takes an acknowledgement callback. */
export const CLIENT_EVENTS = {
  messageSend: 'message:send',
  messageEdit: 'message:edit',
  messageDelete: 'message:delete',
  typing: 'typing',
  conversationRead: 'conversation:read',
  sync: 'sync',
  reactionAdd: 'reaction:add',
  reactionRemove: 'reaction:remove',
  callStart: 'call:start',
  callAccept: 'call:accept',
  callDecline: 'call:decline',
  callHangup: 'call:hangup',
  callSignal: 'call:signal',
} as const;

export type ClientEvent = (typeof CLIENT_EVENTS)[keyof typeof CLIENT_EVENTS];

const CLIENT_EVENT_NAMES: ReadonlySet<unknown> = new Set(Object.values(CLIENT_EVENTS));

export function isClientEvent(event: unknown): event is ClientEvent {
  return CLIENT_EVENT_NAMES.has(event);
}

/** Socket.IO events the server emits. Chat's deliveries carry their own event name (ChatDeliveryEvent). */
export const SERVER_EVENTS = {
  messageNew: 'message:new',
  messageUpdated: 'message:updated',
  messageDeleted: 'message:deleted',
  messageReaction: 'message:reaction',
  messagePinned: 'message:pinned',
  typing: 'typing',
  conversationRead: 'conversation:read',
  conversationNew: 'conversation:new',
  presence: 'presence',
  friendRequest: 'friend:request',
  friendAccepted: 'friend:accepted',
  friendRemoved: 'friend:removed',
  sessionRevoked: 'session:revoked',
  callRinging: 'call:ringing',
  callAccepted: 'call:accepted',
  callParticipantJoined: 'call:participant-joined',
  callParticipantLeft: 'call:participant-left',
  callSignal: 'call:signal',
  callEnded: 'call:ended',
  roomMemberMuted: 'room:member-muted',
  roomMemberBanned: 'room:member-banned',
} as const;

/** Error half of an acknowledgement: the same codes as REST; `details.errors` lists invalid fields. */
export interface AckError {
  code: ErrorCode;
  message: string;
  details?: { errors?: FieldError[] } & Record<string, unknown>;
}

/** What every client event's acknowledgement callback receives. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** The handshake fails with a `connect_error` whose message is one of these. */
export const HANDSHAKE_ERRORS = {
  /** Missing, invalid, expired or revoked token. */
  unauthorized: 'UNAUTHORIZED',
  /** Auth did not answer in time: the client may retry. */
  unavailable: 'SERVICE_UNAVAILABLE',
} as const;

/** Socket.IO rooms each socket joins, so a delivery reaches every socket of a user or of a session. */
export const userRoom = (userId: string): string => `user:${userId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

// The typed socket contract: one definition for the gateway (RealtimeService, SocketRooms), the web client's
// socket layer and the AsyncAPI document. Type-only imports keep this module free of decorators at run time;
// the run-time map of the same events (classes, summaries) is realtime.event-specs.ts, checked against these.

/** Each client event: the payload the gateway validates (strictly) and the `data` of a successful ack. */
export interface ClientEventContracts {
  'message:send': { payload: SendMessagePayload; ack: Message };
  'message:edit': { payload: EditMessagePayload; ack: Message };
  'message:delete': { payload: DeleteMessagePayload; ack: MessageDeletedAck };
  typing: { payload: TypingPayload; ack: EmptyReply };
  'conversation:read': { payload: ReadPayload; ack: ReadPosition };
  sync: { payload: SyncPayload; ack: SyncBatch };
  'reaction:add': { payload: ReactionPayload; ack: EmptyReply };
  'reaction:remove': { payload: ReactionPayload; ack: EmptyReply };
  'call:start': { payload: CallStartPayload; ack: CallRef };
  'call:accept': { payload: CallIdPayload; ack: CallJoined };
  'call:decline': { payload: CallIdPayload; ack: EmptyReply };
  'call:hangup': { payload: CallIdPayload; ack: EmptyReply };
  'call:signal': { payload: CallSignalPayload; ack: EmptyReply };
}

export type ClientPayloadOf<E extends ClientEvent> = ClientEventContracts[E]['payload'];
export type ClientAckOf<E extends ClientEvent> = ClientEventContracts[E]['ack'];

/** Each server event and its payload (chat's deliveries carry their own names, see ChatDeliveryEvents). */
export interface ServerEventPayloads extends ChatDeliveryEvents {
  presence: PresenceView;
  'friend:request': FriendChange;
  'friend:accepted': FriendChange;
  'friend:removed': FriendChange;
  'session:revoked': SessionEnded;
}
