import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { ensureEventStream, injectTraceHeaders, inSpan, namespaced, natsAttributes, remoteContext, RpcClient, SpanKind, TRACEPARENT_HEADER } from '#common';
import { AuthEnv } from '../auth.env.js';
import { OutboxRepository } from './outbox.repository.js';

const POLL_MS = 200;
const BATCH = 100;

/**
 * Publishes pending outbox events to JetStream in order, then marks them published. The event id is
 * the JetStream msgID, so re-publishing after a crash between the two steps is dropped as a duplicate
 * (and consumers ignore versions they already hold beyond the dedupe window). Runs on a short poll and
 * at once when nudged after a write.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private streamReady = false;
  private failing = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly rpc: RpcClient,
    @Inject(AuthEnv) private readonly env: AuthEnv,
  ) {}

  onApplicationBootstrap(): void {
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
        if (this.failing) this.logger.log('outbox relay publishing again');
        this.failing = false;
      })
      .catch((error: unknown) => {
        // Logged once per outage: the next poll retries.
        if (!this.failing) this.logger.warn({ err: error }, 'outbox relay cannot publish yet; retrying');
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

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async publishPending(): Promise<void> {
    const connection = this.rpc.connection();
    if (!this.streamReady) {
      await ensureEventStream(connection, this.env.NATS_NAMESPACE);
      this.streamReady = true;
    }
    const js = jetstream(connection);
    for (;;) {
      const batch = await this.outbox.pending(BATCH);
      if (batch.length === 0) return;
      for (const event of batch) {
        // A producer span in the trace of the request that wrote the event; consumers continue from it.
        const parent = remoteContext(event.traceparent ? { [TRACEPARENT_HEADER]: event.traceparent } : {});
        await inSpan(`send ${event.subject}`, { kind: SpanKind.PRODUCER, parent, attributes: natsAttributes(event.subject) }, async () => {
          const hdrs = headers();
          injectTraceHeaders(hdrs);
          await js.publish(namespaced(this.env.NATS_NAMESPACE, event.subject), JSON.stringify(event.payload), { msgID: event.id, headers: hdrs });
        });
      }
      await this.outbox.markPublished(batch.map((event) => event.id));
      if (batch.length < BATCH || this.stopped) return;
    }
  }
}
