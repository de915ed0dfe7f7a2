import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ANNOUNCEMENTS_CONVERSATION_ID,
  AUTH_BROADCASTS,
  CHAT_BROADCASTS,
  type EveryoneDelivery,
  type FriendBroadcast,
  type PresenceBroadcast,
  SERVER_EVENTS,
  type SessionRevokedBroadcast,
  USERS_BROADCASTS,
} from '#contracts';
import { NatsBus, RpcClient } from '#common';
import { SocketRooms } from './socket-rooms.service.js';

const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((id) => typeof id === 'string');

/**
 * Turns the services' core-NATS broadcasts into Socket.IO events for the sockets of this replica. Every
 * replica subscribes without a queue group, so each hears each broadcast; a socket lives on exactly one.
 * Chat deliveries, the bulk of the traffic, are routed per user instead (UserDeliveries, docs/adr/0012).
 * Payloads come from our own services but are still checked for shape: a bad one is dropped, not emitted.
 */
@Injectable()
export class BroadcastFanout implements OnApplicationBootstrap {
  constructor(
    private readonly bus: NatsBus,
    private readonly rpc: RpcClient,
    private readonly rooms: SocketRooms,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Subscribing needs the connection, which RpcClient may still be opening at this point.
    await this.rpc.connected();
    this.bus.subscribe(USERS_BROADCASTS.friend, (b) => this.friend(b));
    this.bus.subscribe(USERS_BROADCASTS.presence, (b) => this.presence(b));
    this.bus.subscribe(AUTH_BROADCASTS.sessionRevoked, (b) => this.sessionRevoked(b));
    this.bus.subscribe(CHAT_BROADCASTS.everyone, (d) => this.everyone(d));
  }

  /** One broadcast per announcement posted or deleted, emitted here to every socket of this replica (ADR 0016). */
  everyone(delivery: EveryoneDelivery): void {
    // Only the announcements conversation is everyone's: anything else on this subject is dropped, not emitted.
    if (typeof delivery.data?.id !== 'string' || delivery.data.conversationId !== ANNOUNCEMENTS_CONVERSATION_ID) return;
    if (delivery.event === SERVER_EVENTS.messageNew) this.rooms.emitToAll(delivery.event, delivery.data);
    else if (delivery.event === SERVER_EVENTS.messageDeleted) this.rooms.emitToAll(delivery.event, delivery.data);
  }

  friend(broadcast: FriendBroadcast): void {
    if (typeof broadcast.toUserId !== 'string') return;
    this.rooms.emitToUsers([broadcast.toUserId], broadcast.event, { user: broadcast.user });
  }

  presence(broadcast: PresenceBroadcast): void {
    if (!isIdList(broadcast.userIds)) return;
    this.rooms.emitToUsers(broadcast.userIds, SERVER_EVENTS.presence, broadcast.data);
  }

  sessionRevoked(broadcast: SessionRevokedBroadcast): void {
    if (!isIdList(broadcast.sessionIds)) return;
    this.rooms.revokeSessions(broadcast.sessionIds, broadcast.reason);
  }
}
