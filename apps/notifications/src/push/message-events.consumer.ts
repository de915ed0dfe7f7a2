import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { CHAT_EVENTS, type ChatMessageCreatedEvent, NOTIFICATIONS_MESSAGE_EVENTS_DURABLE } from '#contracts';
import { ensureEventStream, namespaced, reportConsumerPending, RpcClient } from '#common';
import { NotificationsEnv } from '../notifications.env.js';
import { MessagePushesService, PushInterrupted } from './message-pushes.service.js';
import { PushDeliveryRepository } from './push-delivery.repository.js';
import { WebPushSender } from './web-push.sender.js';

const RETRY_MS = 500;
const REDELIVER_MS = 2000;
const ACK_WAIT_MS = 30_000;
/** Idempotency records outlive any redelivery by far: JetStream gives up on nothing, but nobody wants a week-old push. */
const DELIVERY_RECORDS_KEPT_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
/** A push about a message older than this is noise (after a long outage, say): the event is acked without one. */
const STALE_AFTER_MS = 24 * 3600_000;

function isMessageCreated(value: unknown): value is ChatMessageCreatedEvent {
  const v = value as Partial<Record<keyof ChatMessageCreatedEvent, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.conversationId === 'string' &&
    typeof v.seq === 'number' &&
    typeof v.messageId === 'string' &&
    typeof v.senderId === 'string' &&
    typeof v.at === 'string'
  );
}

/**
 * The durable consumer of chat's message.created events (JetStream keeps its position while the service is down,
 * so it catches up when it returns). One event at a time, acked after its pushes are settled; a crash means
 * redelivery, and the per-(message, subscription) claims make that harmless (docs/adr/0014). On SIGTERM the event in
 * hand is finished and the ones already fetched are given back (nak) for the next process.
 */
@Injectable()
export class MessageEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageEventsConsumer.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pushes: MessagePushesService,
    private readonly deliveries: PushDeliveryRepository,
    private readonly sender: WebPushSender,
    private readonly rpc: RpcClient,
    @Inject(NotificationsEnv) private readonly env: NotificationsEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
    this.prune();
    this.pruner = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pruner);
    this.sender.stop();
    // stop(), not close(): the messages already fetched still come out of the iterator, and handle() gives them back.
    this.messages?.stop();
    await this.loop;
  }

  private prune(): void {
    this.deliveries.prune(new Date(Date.now() - DELIVERY_RECORDS_KEPT_MS)).catch((error: unknown) => this.logger.warn({ err: error }, 'pruning push records failed'));
  }

  private async run(): Promise<void> {
    let failingSince: number | undefined;
    while (!this.stopped) {
      try {
        await this.consume();
        failingSince = undefined;
      } catch (error) {
        if (this.stopped) return;
        // The NATS connection may not be up yet at start-up: only a lasting failure is worth a warning.
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 5000) {
          this.logger.warn({ err: error }, 'message events consumer not running; retrying');
          failingSince = Date.now();
        }
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const connection = this.rpc.connection();
    const stream = await ensureEventStream(connection, this.env.NATS_NAMESPACE);
    const jsm = await jetstreamManager(connection);
    const config = {
      durable_name: NOTIFICATIONS_MESSAGE_EVENTS_DURABLE,
      ack_policy: AckPolicy.Explicit,
      // All: the stream holds only what chat's relay published (from chat's upgrade on), so a first start pushes
      // what arrived since then; staleness is handled per event (STALE_AFTER_MS).
      deliver_policy: DeliverPolicy.All,
      filter_subject: namespaced(this.env.NATS_NAMESPACE, CHAT_EVENTS.messageCreated),
      ack_wait: nanos(ACK_WAIT_MS),
    };
    await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
      // Created earlier with other settings: bring it up to date, keeping its position.
      await jsm.consumers.update(stream, NOTIFICATIONS_MESSAGE_EVENTS_DURABLE, config).catch(() => {
        throw error;
      });
    });
    const consumer = await jetstream(connection).consumers.get(stream, NOTIFICATIONS_MESSAGE_EVENTS_DURABLE);
    reportConsumerPending(NOTIFICATIONS_MESSAGE_EVENTS_DURABLE, async () => {
      const info = await consumer.info();
      return info.num_pending + info.num_ack_pending;
    });
    if (this.stopped) return;
    const messages = await consumer.consume({ max_messages: 20 });
    this.messages = messages;
    this.logger.log({ stream, durable: NOTIFICATIONS_MESSAGE_EVENTS_DURABLE }, 'consuming message events');
    try {
      for await (const msg of messages) {
        await this.handle(msg);
      }
    } finally {
      // A failed pass must not leave its pull subscription behind when the next pass opens another.
      await messages.close();
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    if (this.stopped) {
      msg.nak();
      return;
    }
    let payload: unknown;
    try {
      payload = msg.json<unknown>();
    } catch {
      payload = undefined;
    }
    if (!isMessageCreated(payload)) {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'malformed message event dropped');
      msg.term();
      return;
    }
    if (Date.now() - Date.parse(payload.at) > STALE_AFTER_MS) {
      msg.ack();
      return;
    }
    // Slow push services may hold one event past the ack wait: tell JetStream it is still being worked on.
    const working = setInterval(() => msg.working(), ACK_WAIT_MS / 3);
    try {
      await this.pushes.handle(payload);
      msg.ack();
    } catch (error) {
      if (error instanceof PushInterrupted) {
        msg.nak();
        return;
      }
      this.logger.error({ err: error, messageId: payload.messageId }, 'message event not handled; will be redelivered');
      msg.nak(REDELIVER_MS);
    } finally {
      clearInterval(working);
    }
  }
}
