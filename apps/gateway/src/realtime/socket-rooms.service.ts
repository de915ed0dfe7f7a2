import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import { type Caller, ErrorCode, HANDSHAKE_ERRORS, SERVER_EVENTS, type SessionRevokedReason, sessionRoom, userRoom } from '#contracts';
import { DomainError } from '#common';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { PresenceLeases } from './presence-leases.service.js';
import { handshakeToken, type RealtimeSocket } from './socket-caller.js';

/**
 * The sockets this replica holds: authenticates handshakes, keeps each socket in the rooms of its user and
 * session, and emits to those rooms. Rooms are local (no Socket.IO adapter): every replica hears every
 * broadcast on NATS and reaches its own sockets, so together they reach all of them.
 */
@Injectable()
export class SocketRooms {
  private readonly logger = new Logger(SocketRooms.name);
  private server: Server | undefined;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly presence: PresenceLeases,
  ) {}

  attach(server: Server): void {
    this.server = server;
    server.use((socket, next) => {
      this.authenticate(socket as RealtimeSocket).then(
        () => next(),
        (error: unknown) => next(new Error(this.handshakeError(error))),
      );
    });
  }

  async connected(socket: RealtimeSocket): Promise<void> {
    const { userId, sessionId } = socket.data.caller;
    await socket.join([userRoom(userId), sessionRoom(sessionId)]);
    this.presence.add(userId);
  }

  disconnected(socket: RealtimeSocket): void {
    // A socket refused at the handshake never connected, so it holds no presence.
    const caller = socket.data.caller as Caller | undefined;
    if (caller) this.presence.remove(caller.userId);
  }

  emitToUsers(userIds: readonly string[], event: string, data: unknown): void {
    if (!this.server || userIds.length === 0) return;
    // One emit to the union of the rooms: a socket in several of them gets the event once.
    this.server.to(userIds.map(userRoom)).emit(event, data);
  }

  /** `session:revoked` to the sessions' sockets, then they are disconnected (their token no longer works). */
  revokeSessions(sessionIds: readonly string[], reason: SessionRevokedReason): void {
    if (!this.server || sessionIds.length === 0) return;
    const rooms = sessionIds.map(sessionRoom);
    this.server.to(rooms).emit(SERVER_EVENTS.sessionRevoked, { reason });
    // After the emit has been written: a disconnect in the same tick could overtake it on the wire.
    const server = this.server;
    setImmediate(() => server.in(rooms).disconnectSockets(true));
  }

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    socket.data.caller = await this.verifier.verify(handshakeToken(socket));
  }

  private handshakeError(error: unknown): string {
    if (error instanceof DomainError && error.code === ErrorCode.UNAUTHORIZED) return HANDSHAKE_ERRORS.unauthorized;
    if (error instanceof DomainError && error.code === ErrorCode.SERVICE_UNAVAILABLE) return HANDSHAKE_ERRORS.unavailable;
    this.logger.error({ err: error }, 'socket handshake failed');
    return HANDSHAKE_ERRORS.unauthorized;
  }
}
