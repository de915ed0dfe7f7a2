import { Injectable, Logger } from '@nestjs/common';
import { CHAT_BROADCASTS, type ChatDelivery } from '#contracts';
import { NatsBus } from '#common';

/** Fans stored changes out to the gateways (core NATS; a client that misses one catches up through the sync log). */
@Injectable()
export class ChatDeliveries {
  private readonly logger = new Logger(ChatDeliveries.name);

  constructor(private readonly bus: NatsBus) {}

  publish(delivery: ChatDelivery): void {
    if (delivery.userIds.length === 0) return;
    try {
      this.bus.publish(CHAT_BROADCASTS.delivery, delivery);
    } catch (error) {
      // The change is already stored and acknowledged; a lost push is recovered by `sync`.
      this.logger.warn({ err: error, event: delivery.event }, 'delivery not published');
    }
  }
}
