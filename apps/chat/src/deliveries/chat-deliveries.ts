import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { CHAT_BROADCASTS, type ChatDelivery, type EveryoneDelivery } from '#contracts';
import { KeyedSerialQueue, NatsBus } from '#common';

/**
 * Fans changes out to the gateways (core NATS; a client that misses one catches up through the sync log).
 * Every push of the chat service goes through enqueue(): one path, one order per conversation.
 */
@Injectable()
export class ChatDeliveries implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ChatDeliveries.name);

  /** Publications per conversation, in the order they were enqueued. */
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly bus: NatsBus) {}

  /**
   * Publishes what `build` returns once everything enqueued before for the same conversation is out, so
   * pushes leave this process in the order the changes were stored (callers enqueue right after the write,
   * with no await in between), however long building each one takes. Across chat replicas clients order by
   * `seq` and fill gaps with `sync`.
   */
  enqueue(conversationId: string, build: () => Promise<ChatDelivery[]>): void {
    this.queue
      .run(conversationId, async () => (await build()).forEach((delivery) => this.publish(delivery)))
      .catch((error: unknown) => this.logger.warn({ err: error, conversationId }, 'delivery not published'));
  }

  /**
   * To every connected user (the announcements, ADR 0016): ONE broadcast that every gateway replica emits to all of
   * its sockets, queued behind the conversation's other pushes like enqueue().
   */
  enqueueToEveryone(conversationId: string, delivery: EveryoneDelivery): void {
    this.queue
      .run(conversationId, async () => this.bus.publish(CHAT_BROADCASTS.everyone, delivery))
      .catch((error: unknown) => this.logger.warn({ err: error, conversationId, event: delivery.event }, 'broadcast not published'));
  }

  /** Resolves once every push enqueued so far has been published (or given up on). */
  drained(): Promise<void> {
    return this.queue.drained();
  }

  /** Pushes of changes already stored leave before the NATS connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drained();
  }

  private publish(delivery: ChatDelivery): void {
    if (delivery.userIds.length === 0) return;
    try {
      const { userIds, ...perUser } = delivery;
      this.bus.publishToUsers(CHAT_BROADCASTS.delivery, userIds, perUser);
    } catch (error) {
      // The change is already stored and acknowledged; a lost push is recovered by `sync`.
      this.logger.warn({ err: error, event: delivery.event }, 'delivery not published');
    }
  }
}
