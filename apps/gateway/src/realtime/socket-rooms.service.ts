import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { type Caller, ErrorCode, HANDSHAKE_ERRORS, SERVER_EVENTS, type ServerEventPayloads, type SessionRevokedReason, sessionRoom, type UserDelivery, userRoom } from '#contracts';
import { DomainError, METRICS, reportSocketCount } from '#common';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { GatewayEnv } from '../gateway.env.js';
import { PresenceLeases } from './presence-leases.service.js';
import { RealtimeDrain } from './realtime-drain.service.js';
import { RecentlyRevoked } from './recently-revoked.js';
import { handshakeToken, type RealtimeSocket } from './socket-caller.js';
import { UserDeliveries } from './user-deliveries.service.js';

const FRIEND_EVENTS: ReadonlySet<string> = new Set([SERVER_EVENTS.friendRequest, SERVER_EVENTS.friendAccepted, SERVER_EVENTS.friendRemoved]);

/**
 * The sockets this replica holds: authenticates handshakes, keeps each socket in the rooms of its user and
 * session, and emits to those rooms. Rooms are local (no Socket.IO adapter): chat deliveries and friend and
 * presence notices arrive on the per-user subjects this replica holds for its sockets' users (docs/adr/0012);
 * session revocations and announcements are heard by every replica, each reaching its own sockets.
 */
@Injectable()
export class SocketRooms {
  private readonly logger = new Logger(SocketRooms.name);
  private server: Server | undefined;
  /**
   * Revocations heard lately, for handshakes whose session check was answered before the revocation but that
   * join their rooms after its broadcast. Twice the RPC deadline: longer than any session check can take.
   */
  private readonly revoked: RecentlyRevoked;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly presence: PresenceLeases,
    private readonly drain: RealtimeDrain,
    private readonly deliveries: UserDeliveries,
    @Inject(GatewayEnv) env: GatewayEnv,
  ) {
    this.revoked = new RecentlyRevoked(env.RPC_TIMEOUT_MS * 2);
    deliveries.deliverTo({
      delivery: (userIds, delivery) => this.deliver(userIds, delivery),
      // From our own users service, still checked: an unknown event name is dropped, not emitted.
      friend: (userIds, notice) => {
        if (FRIEND_EVENTS.has(notice.event)) this.emitToUsers(userIds, notice.event, { user: notice.user });
      },
      presence: (userIds, view) => this.emitToUsers(userIds, SERVER_EVENTS.presence, view),
    });
  }

  attach(server: Server): void {
    this.server = server;
    reportSocketCount(() => server.engine.clientsCount);
    server.use((socket, next) => {
      const realtimeSocket = socket as RealtimeSocket;
      this.authenticate(realtimeSocket).then(
        () => {
          // Socket.IO drops (without a disconnect event) a socket whose client left during the handshake.
          if (socket.conn.readyState !== 'open') {
            this.releaseDeliveries(realtimeSocket);
            next(new Error(HANDSHAKE_ERRORS.unavailable));
            return;
          }
          next();
        },
        (error: unknown) => next(new Error(this.handshakeError(error))),
      );
    });
  }

  /**
   * Synchronous on purpose: Nest ignores what handleConnection returns (a rejection would be unhandled), and
   * with the in-memory adapter (no Socket.IO adapter, docs/adr/0006) join() takes effect at once, so no
   * broadcast can be handled between the revocation check and the join.
   */
  connected(socket: RealtimeSocket): void {
    const { userId, sessionId } = socket.data.caller;
    const revokedFor = this.revoked.reasonOf(sessionId);
    if (revokedFor) {
      // Revoked after the handshake's check: this socket missed the broadcast, so it gets it now.
      this.revokeSocket(socket, revokedFor);
      return;
    }
    void socket.join([userRoom(userId), sessionRoom(sessionId)]);
    socket.data.holdsPresence = true;
    this.presence.add(userId);
  }

  disconnected(socket: RealtimeSocket): void {
    // Only a socket that took part in its user's lease gives it back (not one refused at or after the handshake).
    const caller = socket.data.caller as Caller | undefined;
    if (caller && socket.data.holdsPresence) {
      socket.data.holdsPresence = false;
      this.presence.remove(caller.userId);
    }
    this.releaseDeliveries(socket);
  }

  private releaseDeliveries(socket: RealtimeSocket): void {
    const caller = socket.data.caller as Caller | undefined;
    if (caller && socket.data.holdsDeliveries) {
      socket.data.holdsDeliveries = false;
      this.deliveries.release(caller.userId);
    }
  }

  emitToUsers<E extends keyof ServerEventPayloads>(userIds: readonly string[], event: E, data: ServerEventPayloads[E]): void {
    if (!this.server || userIds.length === 0) return;
    // One emit to the union of the rooms: a socket in several of them gets the event once.
    this.server.to(userIds.map(userRoom)).emit(event, data);
    METRICS.socketDeliveries.inc({ event });
  }

  /**
   * A delivery from chat for some of its users (the copies that arrived together, docs/adr/0012): to all of their
   * sockets here in one emit (Socket.IO encodes the packet and its websocket frame once per emit), or narrowed to one
   * socket (a call's signals) or all but one (answered_elsewhere). Socket ids are unique across replicas and each
   * socket is in the room of its id, so a replica that does not hold the socket emits to nobody.
   */
  deliver(userIds: readonly string[], delivery: UserDelivery): void {
    if (!this.server) return;
    if (delivery.socketId === undefined && delivery.exceptSocketId === undefined) return this.emitToUsers(userIds, delivery.event, delivery.data);
    const target =
      delivery.socketId !== undefined ? this.server.to(delivery.socketId) : this.server.to(userIds.map(userRoom)).except(delivery.exceptSocketId ?? []);
    target.emit(delivery.event, delivery.data);
    METRICS.socketDeliveries.inc({ event: delivery.event });
  }

  /** Every socket of this replica (announcements: one broadcast reaches every user, ADR 0016). */
  emitToAll<E extends keyof ServerEventPayloads>(event: E, data: ServerEventPayloads[E]): void {
    if (!this.server) return;
    this.server.emit(event, data);
    METRICS.socketDeliveries.inc({ event });
  }

  /** `session:revoked` to the sessions' sockets, then they are disconnected (their token no longer works). */
  revokeSessions(sessionIds: readonly string[], reason: SessionRevokedReason): void {
    if (sessionIds.length === 0) return;
    this.revoked.add(sessionIds, reason);
    if (!this.server) return;
    const rooms = sessionIds.map(sessionRoom);
    this.server.to(rooms).emit(SERVER_EVENTS.sessionRevoked, { reason });
    METRICS.socketDeliveries.inc({ event: SERVER_EVENTS.sessionRevoked });
    // After the emit has been written: a disconnect in the same tick could overtake it on the wire.
    const server = this.server;
    setImmediate(() => server.in(rooms).disconnectSockets(true));
  }

  /** Same as a revocation heard while connected: the event, then the close on the next turn. */
  private revokeSocket(socket: RealtimeSocket, reason: SessionRevokedReason): void {
    (socket as Socket).emit(SERVER_EVENTS.sessionRevoked, { reason });
    METRICS.socketDeliveries.inc({ event: SERVER_EVENTS.sessionRevoked });
    setImmediate(() => socket.disconnect(true));
  }

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    if (this.drain.isDraining) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'This server is shutting down');
    const caller = await this.verifier.verify(handshakeToken(socket));
    // Auth said "live", but the session may have been revoked while the answer travelled back.
    if (this.revoked.reasonOf(caller.sessionId)) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session has ended');
    socket.data.caller = caller;
    // Before the connection completes: a message sent once the client sees `connect` must reach it.
    await this.deliveries.hold(caller.userId);
    socket.data.holdsDeliveries = true;
  }

  private handshakeError(error: unknown): string {
    if (error instanceof DomainError && error.code === ErrorCode.UNAUTHORIZED) return HANDSHAKE_ERRORS.unauthorized;
    // Whatever else kept the session from being checked says nothing about the token: a client must keep it and retry.
    if (!(error instanceof DomainError && error.code === ErrorCode.SERVICE_UNAVAILABLE)) {
      this.logger.error({ err: error }, 'socket handshake failed');
    }
    return HANDSHAKE_ERRORS.unavailable;
  }
}
