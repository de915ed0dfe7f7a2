import { io, type Socket } from 'socket.io-client';
import type { Ack } from '#contracts';

export const EVENT_TIMEOUT_MS = 5000;

/** Every socket a suite opens; call closeSockets() after it. */
const opened: Socket[] = [];

export function socketTo(baseUrl: string, options: { token?: string; query?: Record<string, string> }): Socket {
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    ...(options.query ? { query: options.query } : {}),
  });
  opened.push(socket);
  return socket;
}

export function closeSockets(): void {
  for (const socket of opened.splice(0)) socket.disconnect();
}

/** Resolves once connected; rejects with the connect_error. */
export async function connectSocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = socketTo(baseUrl, { token });
  await new Promise<void>((resolveConnect, reject) => {
    socket.once('connect', () => resolveConnect());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** The connect_error message of a handshake that must fail. */
export async function refusal(baseUrl: string, options: { token?: string; query?: Record<string, string> }): Promise<string> {
  const socket = socketTo(baseUrl, options);
  return new Promise<string>((resolveError, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (error) => resolveError(error.message));
  });
}

export function emit<T>(socket: Socket, event: string, payload?: unknown, timeoutMs = EVENT_TIMEOUT_MS): Promise<Ack<T>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Unwraps a successful ack (fails the test with the error otherwise). */
export async function ok<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await emit<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** The next `event` on the socket whose payload passes `match` (rejects after `timeoutMs`). */
export function nextEvent<T>(socket: Socket, event: string, match: (data: T) => boolean = () => true, timeoutMs = EVENT_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (data: T) => {
      if (!match(data)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolveEvent(data);
    };
    socket.on(event, handler);
  });
}
