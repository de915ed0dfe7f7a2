import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { reportConsumerPending } from '../metrics/metrics.js';
import { inSpan, NATS_HEADER_GETTER, natsAttributes, remoteContext, SpanKind } from '../tracing/tracing.js';
import { ensureEventStream } from './event-stream.js';
import { namespaced } from './namespace.js';
import type { RpcClient } from './rpc-client.js';

/** Between two attempts to (re)open the consumer: the connection may not be up yet at start-up. */
const RETRY_MS = 500;
/** Only a failure lasting longer than this is worth a warning. */
const WARN_AFTER_MS = 5000;
/** A failed event comes back after this (a nak with delay), not at once in a tight loop. */
const REDELIVER_MS = 2000;
const DEFAULT_ACK_WAIT_MS = 30_000;
const DEFAULT_MAX_MESSAGES = 100;

export interface DurableEventConsumerOptions<T> {
  /** The durable's name (shared by the service's replicas, which then share the work). */
  durable: string;
  /** The subject filter, before namespacing. */
  subject: string;
  namespace: string;
  /** What one event is, for the logs ("account event"). */
  what: string;
  /** Shape check of a payload: one that fails it is dropped (term), never retried. */
  isEvent: (value: unknown) => value is T;
  /** Applies one event; resolving acks it, throwing naks it for redelivery after REDELIVER_MS. */
  handle: (event: T, msg: JsMsg) => Promise<void>;
  /** An error that means "give it back now" (the service is stopping), not a failure: nak at once, no error logged. */
  isInterruption?: (error: unknown) => boolean;
  /** Called when the consumer holds nothing pending: on opening, and after an event that leaves nothing behind. */
  onCaughtUp?: () => void;
  ackWaitMs?: number;
  /** Events fetched ahead of the one in hand. */
  maxMessages?: number;
}

/**
 * A service's durable JetStream consumer of stored events: creates (or updates, keeping its position) the consumer,
 * pulls one event at a time in a consumer span that continues the producer's trace, acks after the handler's write
 * and naks with a delay when it fails (so a crash means redelivery, not loss: handlers must be idempotent), reopens
 * after a lost connection, and on shutdown finishes the event in hand and gives the fetched ones back at once (before
 * the NATS connection closes). A service's consumer extends it and passes its options.
 */
export abstract class DurableEventConsumer<T> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** The event being handled and when it last told JetStream so (see keepWorking). */
  private inHand: { msg: JsMsg; since: number } | undefined;
  /** Acks of handled events, sent together at the end of the event-loop turn (see ack). */
  private acks: JsMsg[] = [];
  private ackTurn: NodeJS.Immediate | undefined;

  constructor(
    name: string,
    private readonly rpc: RpcClient,
    private readonly options: DurableEventConsumerOptions<T>,
  ) {
    this.logger = new Logger(name);
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    // stop(), not close(): the messages already fetched still come out of the iterator, and handle() gives them back.
    this.messages?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failingSince: number | undefined;
    while (!this.stopped) {
      try {
        await this.consume();
        failingSince = undefined;
      } catch (error) {
        if (this.stopped) return;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > WARN_AFTER_MS) {
          this.logger.warn({ err: error, durable: this.options.durable }, `${this.options.what} consumer not running; retrying`);
          failingSince = Date.now();
        }
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const { durable, namespace } = this.options;
    const connection = await this.rpc.connected();
    const stream = await ensureEventStream(connection, namespace);
    const jsm = await jetstreamManager(connection);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      // All: a new consumer starts from what the stream holds (each producer's events from its upgrade on).
      deliver_policy: DeliverPolicy.All,
      filter_subject: namespaced(namespace, this.options.subject),
      ack_wait: nanos(this.ackWaitMs),
    };
    await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
      // Created earlier with other settings: bring it up to date, keeping its position.
      await jsm.consumers.update(stream, durable, config).catch(() => {
        throw error;
      });
    });
    const consumer = await jetstream(connection).consumers.get(stream, durable);
    const pending = async () => {
      const info = await consumer.info();
      return info.num_pending + info.num_ack_pending;
    };
    reportConsumerPending(durable, pending);
    if (this.stopped) return;
    const messages = await consumer.consume({ max_messages: this.options.maxMessages ?? DEFAULT_MAX_MESSAGES });
    this.messages = messages;
    if (this.options.onCaughtUp && (await pending()) === 0) this.options.onCaughtUp();
    this.logger.log({ stream, durable }, `consuming ${this.options.what}s`);
    // One timer per consumer rather than one per event: most events are handled in well under a millisecond.
    const keepAlive = setInterval(() => this.keepWorking(), this.ackWaitMs / 6);
    keepAlive.unref();
    try {
      for await (const msg of messages) {
        // Each event in a consumer span of the trace that produced it (the outbox relay's span).
        const subject = msg.subject.slice(namespace.length + 1);
        const parent = remoteContext(msg.headers, NATS_HEADER_GETTER);
        await inSpan(`process ${subject}`, { kind: SpanKind.CONSUMER, parent, attributes: natsAttributes(subject) }, () => this.handle(msg));
        if (msg.info.pending === 0) this.options.onCaughtUp?.();
      }
    } finally {
      clearInterval(keepAlive);
      this.flushAcks();
      // A failed pass must not leave its pull subscription behind when the next pass opens another.
      await messages.close();
    }
  }

  /**
   * A slow handler may hold one event past the ack wait: JetStream is told it is still being worked on once it has
   * been held a third of the ack wait (checked every sixth, so the gap never exceeds half the ack wait).
   */
  private keepWorking(): void {
    const held = this.inHand;
    if (!held || Date.now() - held.since < this.ackWaitMs / 3) return;
    held.msg.working();
    held.since = Date.now();
  }

  /**
   * Acks an event whose handler has finished its write. Events already fetched are often handled in one turn of the
   * event loop; nats.js writes to its socket once per microtask that sent anything, so acks sent one by one cost a
   * socket write each, and sent together at the end of the turn cost one. A crash before they go out means
   * redelivery, as a crash before any ack does.
   */
  private ack(msg: JsMsg): void {
    this.acks.push(msg);
    this.ackTurn ??= setImmediate(() => this.flushAcks());
  }

  private flushAcks(): void {
    clearImmediate(this.ackTurn);
    this.ackTurn = undefined;
    const acks = this.acks;
    this.acks = [];
    for (const msg of acks) msg.ack();
  }

  private get ackWaitMs(): number {
    return this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
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
    if (!this.options.isEvent(payload)) {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, `malformed ${this.options.what} dropped`);
      msg.term();
      return;
    }
    this.inHand = { msg, since: Date.now() };
    try {
      await this.options.handle(payload, msg);
      this.ack(msg);
    } catch (error) {
      if (this.options.isInterruption?.(error)) {
        msg.nak();
        return;
      }
      this.logger.error({ err: error, subject: msg.subject, seq: msg.seq }, `${this.options.what} not handled; will be redelivered`);
      msg.nak(REDELIVER_MS);
    } finally {
      this.inHand = undefined;
    }
  }
}
