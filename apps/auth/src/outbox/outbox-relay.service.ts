import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JetStreamRelay, RpcClient } from '#common';
import { AuthEnv } from '../auth.env.js';
import type { OutboxEvent } from './outbox-event.js';
import { OutboxRepository } from './outbox.repository.js';

/**
 * Publishes pending outbox events to JetStream in order, then marks them published (JetStreamRelay). The event
 * id is the JetStream msgID, so re-publishing after a crash between the two steps is dropped as a duplicate
 * (and consumers ignore versions they already hold beyond the dedupe window). Not pipelined: an account's events
 * (created, updated, deleted) are published in the order they were written, whatever a consumer assumes.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: JetStreamRelay<OutboxEvent>;

  constructor(outbox: OutboxRepository, rpc: RpcClient, @Inject(AuthEnv) env: AuthEnv) {
    this.relay = new JetStreamRelay(
      OutboxRelay.name,
      {
        pending: (limit) => outbox.pending(limit),
        markPublished: (batch) => outbox.markPublished(batch.map((event) => event.id)),
        toEvent: (event) => ({ subject: event.subject, payload: event.payload, msgID: event.id, traceparent: event.traceparent }),
      },
      rpc,
      env.NATS_NAMESPACE,
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Asks for a publishing pass now (coalesced with one already running). */
  nudge(): void {
    this.relay.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
