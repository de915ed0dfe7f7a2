import { Inject, Injectable, Logger } from '@nestjs/common';
import { CHAT_EVENTS, type ChatMessageCreatedEvent, type ChatMessageCreatedPayload, NOTIFICATIONS_MESSAGE_EVENTS_DURABLE } from '#contracts';
import { DurableEventConsumer, RpcClient } from '#common';
import { NotificationsEnv } from '../notifications.env.js';
import { MessagePushesService, PushInterrupted } from './message-pushes.service.js';
import { PushDeliveryRepository } from './push-delivery.repository.js';
import { WebPushSender } from './web-push.sender.js';

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
    typeof v.at === 'string' &&
    (v.recipientIds === undefined || (Array.isArray(v.recipientIds) && v.recipientIds.every((id) => typeof id === 'string')))
  );
}

/**
 * A batch (chat's relay since 2026-12-03) or a single event (relayed before, still in the stream). A batch is taken
 * whole if its `events` is an array: eventsOf leaves out any malformed event, so one cannot cost the others.
 */
export function isMessageCreatedPayload(value: unknown): value is ChatMessageCreatedPayload {
  const events = (value as { events?: unknown } | null)?.events;
  return Array.isArray(events) || isMessageCreated(value);
}

/** The well-formed events a payload holds, oldest first. */
export function eventsOf(payload: ChatMessageCreatedPayload): ChatMessageCreatedEvent[] {
  return 'events' in payload ? (payload.events as unknown[]).filter(isMessageCreated) : [payload];
}

/**
 * The durable consumer of chat's message.created batches (JetStream keeps its position while the service is down,
 * so it catches up when it returns). One batch at a time, its events in order, acked once all their pushes are
 * settled; a crash or a failed event means the whole batch again, and the per-(message, subscription) claims make
 * that harmless (docs/adr/0014). On SIGTERM the batch in hand is finished and the ones already fetched are given
 * back (nak) for the next process.
 */
@Injectable()
export class MessageEventsConsumer extends DurableEventConsumer<ChatMessageCreatedPayload> {
  private readonly log = new Logger(MessageEventsConsumer.name);
  private pruner: NodeJS.Timeout | undefined;

  constructor(
    private readonly pushes: MessagePushesService,
    private readonly deliveries: PushDeliveryRepository,
    private readonly sender: WebPushSender,
    rpc: RpcClient,
    @Inject(NotificationsEnv) env: NotificationsEnv,
  ) {
    super(MessageEventsConsumer.name, rpc, {
      durable: NOTIFICATIONS_MESSAGE_EVENTS_DURABLE,
      subject: CHAT_EVENTS.messageCreated,
      namespace: env.NATS_NAMESPACE,
      what: 'message event',
      isEvent: isMessageCreatedPayload,
      handle: (payload) => this.push(eventsOf(payload)),
      // Given back at once on SIGTERM, for the next process.
      isInterruption: (error) => error instanceof PushInterrupted,
      // Batches of up to 100 events: two in hand at most, so none fetched ahead waits out its ack wait behind them.
      maxMessages: 2,
    });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.prune();
    this.pruner = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  override async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.pruner);
    this.sender.stop();
    await super.beforeApplicationShutdown();
  }

  private prune(): void {
    this.deliveries.prune(new Date(Date.now() - DELIVERY_RECORDS_KEPT_MS)).catch((error: unknown) => this.log.warn({ err: error }, 'pruning push records failed'));
  }

  /** A push about a stale message is noise: acked without one. */
  private async push(events: ChatMessageCreatedEvent[]): Promise<void> {
    const now = Date.now();
    await this.pushes.handleAll(events.filter((event) => now - Date.parse(event.at) <= STALE_AFTER_MS));
  }
}
