import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ANNOUNCEMENTS_CONVERSATION_ID,
  AUTH_BROADCASTS,
  CHAT_BROADCASTS,
  type EveryoneDelivery,
  SERVER_EVENTS,
  type SessionRevokedBroadcast,
} from '#contracts';
import { NatsBus, RpcClient } from '#common';
import { SocketRooms } from './socket-rooms.service.js';

const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((id) => typeof id === 'string');

/**
 * Turns the broadcasts every replica must hear (session revocations, announcements) into Socket.IO events for
 * the sockets of this replica. Every replica subscribes without a queue group, so each hears each broadcast; a
 * socket lives on exactly one. Chat deliveries and friend and presence notices are routed per user instead
 * (UserDeliveries, docs/adr/0012).
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

  /**
   * Heard by every replica on purpose, not routed by user: a handshake whose session check was answered just before
   * the revocation holds no per-user subscription yet, and must still find the session in RecentlyRevoked.
   */
  sessionRevoked(broadcast: SessionRevokedBroadcast): void {
    if (!isIdList(broadcast.sessionIds)) return;
    this.rooms.revokeSessions(broadcast.sessionIds, broadcast.reason);
  }
}
