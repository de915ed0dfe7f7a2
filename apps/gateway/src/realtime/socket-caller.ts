import type { Socket } from 'socket.io';
import type { Caller } from '#contracts';

/** What the handshake leaves on each socket: the identity every event of that socket acts as. */
export interface SocketData {
  caller: Caller;
  /**
   * Set once the socket counts towards its user's presence lease, so that only such a socket gives it back
   * on disconnect (a socket turned away after the handshake must not release another socket's lease).
   */
  holdsPresence?: boolean;
  /** Set once the socket holds a share of its user's delivery subscription (UserDeliveries), given back on disconnect. */
  holdsDeliveries?: boolean;
  /** Calls this socket is in (it started or accepted them): the chat service hears when it disconnects (grace period). */
  calls?: Set<string>;
}

export type RealtimeSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

/** The token of a handshake: `auth.token` (socket.io-client's `auth` option) or the `?token=` query parameter. */
export function handshakeToken(socket: Pick<Socket, 'handshake'>): unknown {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  if (auth?.token !== undefined) return auth.token;
  return socket.handshake.query.token;
}
