import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { CLIENT_EVENTS } from '#contracts';
import { RealtimeDrain } from './realtime-drain.service.js';
import { RealtimeService } from './realtime.service.js';
import type { RealtimeSocket } from './socket-caller.js';
import { SocketRooms } from './socket-rooms.service.js';

/**
 * The Socket.IO edge (path and CORS come from RealtimeIoAdapter). Handlers are one line: the identity is
 * the socket's verified caller, the payload goes to RealtimeService as it came, and what it returns is
 * the acknowledgement (Nest calls the client's callback with it; no callback, no call).
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<Server>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket> {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly rooms: SocketRooms,
    private readonly drain: RealtimeDrain,
  ) {}

  afterInit(server: Server): void {
    this.drain.attach(server);
    this.rooms.attach(server);
  }

  handleConnection(socket: RealtimeSocket): void {
    this.rooms.connected(socket);
    socket.use((packet, next) => this.realtime.screen(socket.data.caller, packet, next));
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.rooms.disconnected(socket);
    this.realtime.callSocketGone(socket);
  }

  @SubscribeMessage(CLIENT_EVENTS.messageSend)
  send(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.send(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.messageEdit)
  edit(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.edit(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.messageDelete)
  delete(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.delete(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionAdd)
  react(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.react(socket.data.caller, payload, 'add');
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionRemove)
  unreact(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.react(socket.data.caller, payload, 'remove');
  }

  @SubscribeMessage(CLIENT_EVENTS.typing)
  typing(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.typing(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.conversationRead)
  read(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.read(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.callStart)
  callStart(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.callStart(socket, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.callAccept)
  callAccept(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.callAccept(socket, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.callDecline)
  callDecline(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.callLeave(socket, payload, 'decline');
  }

  @SubscribeMessage(CLIENT_EVENTS.callHangup)
  callHangup(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.callLeave(socket, payload, 'hangup');
  }

  @SubscribeMessage(CLIENT_EVENTS.callSignal)
  callSignal(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.callSignal(socket.data.caller, payload);
  }

  @SubscribeMessage(CLIENT_EVENTS.sync)
  sync(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown) {
    return this.realtime.sync(socket.data.caller, payload);
  }
}
