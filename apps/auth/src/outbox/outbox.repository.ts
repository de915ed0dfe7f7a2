import type { OutboxEvent } from './outbox-event.js';

/** Read side of the outbox, used by the relay that publishes pending events to JetStream. */
export abstract class OutboxRepository {
  /** Oldest first. */
  abstract pending(limit: number): Promise<OutboxEvent[]>;
  abstract markPublished(ids: string[]): Promise<void>;
}
