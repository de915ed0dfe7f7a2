import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { EVENT_SUBJECTS_WILDCARD, eventStreamName } from '#contracts';
import { namespaced } from './namespace.js';

/** JetStream drops a re-published event with the same msgID within this window (outbox relay retries). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Creates the namespace's domain-event stream unless it exists. Producers and consumers both call it,
 * so start order does not matter; creating a stream with an identical config is a no-op on the server.
 * Returns the stream name.
 */
export async function ensureEventStream(connection: NatsConnection, namespace: string): Promise<string> {
  const jsm = await jetstreamManager(connection);
  const name = eventStreamName(namespace);
  try {
    await jsm.streams.add({
      name,
      subjects: [namespaced(namespace, EVENT_SUBJECTS_WILDCARD)],
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (error) {
    // Exists with another config (e.g. tuned by ops): use it as it is, if it is there at all.
    await jsm.streams.info(name).catch(() => {
      throw error;
    });
  }
  return name;
}
