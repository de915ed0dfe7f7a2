import { Logger } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
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

const POLL_MS = 200;
const BATCH = 100;

/**
 * Publishes a service's pending stored events to JetStream in order, then marks them published. The msgID
 * makes re-publishing after a crash between the two steps a duplicate the stream drops (within its window;
 * consumers are idempotent beyond it). Runs on a short poll and at once when nudged after a write.
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
      const batch = await this.source.pending(BATCH);
      if (batch.length === 0) return;
      for (const item of batch) {
        const event = this.source.toEvent(item);
        // A producer span in the trace of the request that wrote the event; consumers continue from it.
        const parent = remoteContext(event.traceparent ? { [TRACEPARENT_HEADER]: event.traceparent } : {});
        await inSpan(`send ${event.subject}`, { kind: SpanKind.PRODUCER, parent, attributes: natsAttributes(event.subject) }, async () => {
          const hdrs = headers();
          injectTraceHeaders(hdrs);
          await js.publish(namespaced(this.namespace, event.subject), JSON.stringify(event.payload), { msgID: event.msgID, headers: hdrs });
        });
      }
      await this.source.markPublished(batch);
      if (batch.length < BATCH || this.stopped) return;
    }
  }
}
