import { io, type Socket } from 'socket.io-client';
import type { ChatDeliveryEvents } from '@contracts/chat/chat.broadcasts.js';
import type { SyncBatch } from '@contracts/chat/chat.views.js';
import type { PresenceView } from '@contracts/realtime/presence.js';
import { type CLIENT_EVENTS, HANDSHAKE_ERRORS, type SERVER_EVENTS, type Ack } from '@contracts/realtime/realtime.events.js';
import type { DeleteMessagePayload, EditMessagePayload, ReadPayload, SendMessagePayload, SyncPayload, TypingPayload } from '@contracts/realtime/realtime.payloads.js';
import type { Message, PublicUser } from '../api/types.js';

// Event names come from the contracts' decorator-free module; payload classes are imported as types only,
// so class-validator never reaches the bundle.

type AckFn<T> = (ack: Ack<T>) => void;

export interface ClientToServer {
  [CLIENT_EVENTS.messageSend]: (payload: SendMessagePayload, ack: AckFn<Message>) => void;
  [CLIENT_EVENTS.messageEdit]: (payload: EditMessagePayload, ack: AckFn<Message>) => void;
  [CLIENT_EVENTS.messageDelete]: (payload: DeleteMessagePayload, ack: AckFn<{ id: string }>) => void;
  [CLIENT_EVENTS.typing]: (payload: TypingPayload, ack: AckFn<object>) => void;
  [CLIENT_EVENTS.conversationRead]: (payload: ReadPayload, ack: AckFn<{ conversationId: string; lastReadSeq: number }>) => void;
  [CLIENT_EVENTS.sync]: (payload: SyncPayload, ack: AckFn<SyncBatch>) => void;
}

type Deliveries = { [E in keyof ChatDeliveryEvents]: (payload: ChatDeliveryEvents[E]) => void };

export interface ServerToClient extends Deliveries {
  [SERVER_EVENTS.presence]: (payload: PresenceView) => void;
  [SERVER_EVENTS.friendRequest]: (payload: { user: PublicUser }) => void;
  [SERVER_EVENTS.friendAccepted]: (payload: { user: PublicUser }) => void;
  [SERVER_EVENTS.friendRemoved]: (payload: { user: PublicUser }) => void;
  [SERVER_EVENTS.sessionRevoked]: (payload: { reason: string }) => void;
}

export type RealtimeSocket = Socket<ServerToClient, ClientToServer>;
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

// Every emit gets an answer within this time, or is treated as failed (the message shows "failed — retry").
export const ACK_TIMEOUT_MS = 10_000;

/** An ack error, or no ack in time (code TIMEOUT), or not connected (code OFFLINE). */
export class AckFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function openSocket(token: () => string | null): RealtimeSocket {
  return io({
    path: '/socket.io',
    transports: ['websocket'],
    // A function, so every reconnection presents the current (possibly refreshed) access token.
    auth: (cb) => cb({ token: token() ?? '' }),
    autoConnect: false,
  });
}

export const isUnauthorizedHandshake = (error: Error): boolean => error.message === HANDSHAKE_ERRORS.unauthorized;
export const isUnavailableHandshake = (error: Error): boolean => error.message === HANDSHAKE_ERRORS.unavailable;

type AckData<E extends keyof ClientToServer> = Parameters<Parameters<ClientToServer[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** Emits a client event and resolves with the ack's data, rejecting with AckFailure. */
export function emitWithAck<E extends keyof ClientToServer>(socket: RealtimeSocket, event: E, payload: Parameters<ClientToServer[E]>[0]): Promise<AckData<E>> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return reject(new AckFailure('OFFLINE', 'Not connected'));
    const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emit(event: E, payload: unknown, ack: (err: Error | null, ack: Ack<AckData<E>>) => void): void;
    };
    emitter.emit(event, payload, (err, ack) => {
      if (err) return reject(new AckFailure('TIMEOUT', 'The server did not answer in time'));
      if (ack.ok) return resolve(ack.data);
      const retry = ack.error.details?.['retryAfterMs'];
      reject(new AckFailure(ack.error.code, ack.error.message, typeof retry === 'number' ? retry : undefined));
    });
  });
}
