import type { ErrorCode, FieldError } from '../errors.js';

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
