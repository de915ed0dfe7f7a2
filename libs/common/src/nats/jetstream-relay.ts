import { Logger } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { injectTraceHeaders, inSpan, natsAttributes, remoteContext, SpanKind, TRACEPARENT_HEADER } from '../tracing/tracing.js';
import { ensureEventStream } from './event-stream.js';
import { namespaced } from './namespace.js';
import type { RpcClient } from './rpc-client.js';

/** One stored event waiting for JetStream: where it goes, what it says, and its de-duplication id. */
export interface RelayedEvent {
  subject: string;
  payload: unknown;
  msgID: string;
  /** The trace of the request that wrote the event (W3C traceparent), continued by its consumers. */
  traceparent?: string | null;
}

/** Where a relay reads its pending events (oldest first) and marks them published. */
export interface RelaySource<T> {
  pending(limit: number): Promise<T[]>;
  markPublished(batch: T[]): Promise<void>;
  toEvent(item: T): RelayedEvent;
}

export interface JetStreamRelayOptions {
  /**
   * Publish a batch pipelined (every publish issued, then all acks awaited together) instead of one round trip
   * at a time. Only for events whose consumers do not depend on their order: publishes issued on one connection
   * are stored in that order, but a failed one is published again on a later pass, after newer events (the msgID
   * drops the re-publish of any that was stored after all). Default false: in order, a failure stops the batch
   * (chat's message.created pipelines; auth's account events stay in order).
   */
  pipelined?: boolean;
  /**
   * The `limit` given to `pending` (default 100), in whatever items the source returns (chat's are batches of events):
   * a pass publishes and marks them before reading more, so a backlog is worked off in steps that each end with an
   * await on the publishes (other work runs in between).
   */
  itemsPerRead?: number;
}

const POLL_MS = 200;
const BATCH = 100;

/**
 * Publishes a service's pending stored events to JetStream, then marks them published: in order by default, or
 * pipelined (JetStreamRelayOptions). The msgID makes re-publishing after a crash between the two steps a duplicate
 * the stream drops (within its window; consumers are idempotent beyond it). Runs on a short poll and at once when
 * nudged after a write.
 */
export class JetStreamRelay<T> {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private streamReady = false;
  private failing = false;

  constructor(
    name: string,
    private readonly source: RelaySource<T>,
    private readonly rpc: RpcClient,
    private readonly namespace: string,
    private readonly options: JetStreamRelayOptions = {},
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a publishing pass now (coalesced with one already running). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.publishPending()
      .then(() => {
        if (this.failing) this.logger.log('relay publishing again');
        this.failing = false;
      })
      .catch((error: unknown) => {
        // Logged once per outage: the next poll retries.
        if (!this.failing) this.logger.warn({ err: error }, 'relay cannot publish yet; retrying');
        this.failing = true;
        this.streamReady = false;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async publishPending(): Promise<void> {
    const connection = this.rpc.connection();
    if (!this.streamReady) {
      await ensureEventStream(connection, this.namespace);
      this.streamReady = true;
    }
    const js = jetstream(connection);
    for (;;) {
      const limit = this.options.itemsPerRead ?? BATCH;
      const batch = await this.source.pending(limit);
      if (batch.length === 0) return;
      if (this.options.pipelined) {
        // One wait for the whole batch instead of a round trip per event; what was stored is marked even when
        // another publish of the batch failed, so only the failed ones are published again.
        const results = await Promise.allSettled(batch.map((item) => this.publish(js, item)));
        const published = batch.filter((_, i) => results[i]?.status === 'fulfilled');
        if (published.length > 0) await this.source.markPublished(published);
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      } else {
        for (const item of batch) await this.publish(js, item);
        await this.source.markPublished(batch);
      }
      if (batch.length < limit || this.stopped) return;
    }
  }

  private publish(js: JetStreamClient, item: T): Promise<unknown> {
    const event = this.source.toEvent(item);
    // A producer span in the trace of the request that wrote the event; consumers continue from it.
    const parent = remoteContext(event.traceparent ? { [TRACEPARENT_HEADER]: event.traceparent } : {});
    return inSpan(`send ${event.subject}`, { kind: SpanKind.PRODUCER, parent, attributes: natsAttributes(event.subject) }, () => {
      const hdrs = headers();
      injectTraceHeaders(hdrs);
      return js.publish(namespaced(this.namespace, event.subject), JSON.stringify(event.payload), { msgID: event.msgID, headers: hdrs });
    });
  }
}
