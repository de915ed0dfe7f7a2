import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { type Ack, type ClientAckOf, type ClientEvent, CLIENT_EVENTS } from '#contracts';
import { RealtimeDrain } from './realtime-drain.service.js';
import { RealtimeService } from './realtime.service.js';
import type { RealtimeSocket } from './socket-caller.js';
import { SocketRooms } from './socket-rooms.service.js';

/** The use case behind each client event; the payload goes to RealtimeService as it came. */
type ClientEventHandlers = { readonly [E in ClientEvent]: (socket: RealtimeSocket, payload: unknown) => Promise<Ack<ClientAckOf<E>>> };

/**
 * The Socket.IO edge (path and CORS come from RealtimeIoAdapter). The identity is the socket's verified caller,
 * and what RealtimeService answers is the acknowledgement (no callback, no call).
 *
 * Client events are dispatched from the socket's packet middleware, after RealtimeService.screen, not through
 * Nest's @SubscribeMessage: Nest ran a guard, pipe, interceptor and filter chain (rxjs and promises) per event that
 * only passed socket events through — JwtAuthGuard and the rate-limit interceptor are for HTTP (a socket is
 * authenticated at its handshake, its budgets are taken in RealtimeService), the payload is `unknown` to the
 * validation pipe (RealtimeService validates it), and RealtimeService answers every failure as an ack. The table
 * below must name every client event (the compiler checks it), so none can go unanswered.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<Server>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly handlers: ClientEventHandlers;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly rooms: SocketRooms,
    private readonly drain: RealtimeDrain,
  ) {
    const r = realtime;
    this.handlers = {
      [CLIENT_EVENTS.messageSend]: (socket, payload) => r.send(socket.data.caller, payload),
      [CLIENT_EVENTS.messageEdit]: (socket, payload) => r.edit(socket.data.caller, payload),
      [CLIENT_EVENTS.messageDelete]: (socket, payload) => r.delete(socket.data.caller, payload),
      [CLIENT_EVENTS.reactionAdd]: (socket, payload) => r.react(socket.data.caller, payload, 'add'),
      [CLIENT_EVENTS.reactionRemove]: (socket, payload) => r.react(socket.data.caller, payload, 'remove'),
      [CLIENT_EVENTS.typing]: (socket, payload) => r.typing(socket.data.caller, payload),
      [CLIENT_EVENTS.conversationRead]: (socket, payload) => r.read(socket.data.caller, payload),
      [CLIENT_EVENTS.callStart]: (socket, payload) => r.callStart(socket, payload),
      [CLIENT_EVENTS.callAccept]: (socket, payload) => r.callAccept(socket, payload),
      [CLIENT_EVENTS.callDecline]: (socket, payload) => r.callLeave(socket, payload, 'decline'),
      [CLIENT_EVENTS.callHangup]: (socket, payload) => r.callLeave(socket, payload, 'hangup'),
      [CLIENT_EVENTS.callSignal]: (socket, payload) => r.callSignal(socket.data.caller, payload),
      [CLIENT_EVENTS.sync]: (socket, payload) => r.sync(socket.data.caller, payload),
    };
  }

  afterInit(server: Server): void {
    this.drain.attach(server);
    this.rooms.attach(server);
  }

  handleConnection(socket: RealtimeSocket): void {
    this.rooms.connected(socket);
    // The packet stops here (socket.io's next() is not called): screen answers what it refuses, dispatch the rest.
    socket.use((packet) => this.realtime.screen(socket.data.caller, packet, () => this.dispatch(socket, packet)));
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.rooms.disconnected(socket);
    this.realtime.callSocketGone(socket);
  }

  /** `[event, ...args, ack?]` (screen has checked the event and taken the trace argument out) → handler → ack. */
  private dispatch(socket: RealtimeSocket, packet: unknown[]): void {
    const { payload, ack } = payloadAndAck(packet.slice(1));
    this.handlers[packet[0] as ClientEvent](socket, payload).then(
      (answer) => ack?.(answer),
      (error: unknown) => this.logger.error({ err: error }, 'socket event failed'),
    );
  }
}

/**
 * The payload and the ack callback of an event's arguments, read as Nest's Socket.IO adapter read them (mapPayload):
 * one argument is the payload, several are an array (which validation refuses), a trailing function is the ack.
 */
export function payloadAndAck(args: unknown[]): { payload: unknown; ack?: (answer: unknown) => void } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args.length === 1 ? args[0] : args };
  const ack = last as (answer: unknown) => void;
  if (args.length === 1) return { payload: undefined, ack };
  return { payload: args.length === 2 ? args[0] : args.slice(0, -1), ack };
}
