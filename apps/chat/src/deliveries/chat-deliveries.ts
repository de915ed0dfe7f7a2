import { Injectable, Logger } from '@nestjs/common';
import { CHAT_BROADCASTS, type ChatDelivery } from '#contracts';
import { NatsBus } from '#common';

/** Fans stored changes out to the gateways (core NATS; a client that misses one catches up through the sync log). */
@Injectable()
export class ChatDeliveries {
  private readonly logger = new Logger(ChatDeliveries.name);

  /** Last pending publication per conversation: later ones wait for it. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly bus: NatsBus) {}

  /**
   * Publishes what `build` returns once everything enqueued before for the same conversation is out, so
   * pushes leave this process in the order the changes were stored (callers enqueue right after the write,
   * with no await in between), however long building each one takes. Across chat replicas clients order by
   * `seq` and fill gaps with `sync`.
   */
  enqueue(conversationId: string, build: () => Promise<ChatDelivery[]>): void {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(build)
      .then((deliveries) => deliveries.forEach((delivery) => this.publish(delivery)))
      .catch((error: unknown) => this.logger.warn({ err: error, conversationId }, 'delivery not published'));
    this.tails.set(conversationId, next);
    void next.finally(() => {
      if (this.tails.get(conversationId) === next) this.tails.delete(conversationId);
    });
  }

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
