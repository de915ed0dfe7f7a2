import { StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { presenceBucketName } from '#contracts';

/**
 * The namespace's presence KV bucket (created by whichever of the gateways and the users service comes first).
 * Max age = the TTL, one value per key, in memory: presence is re-written by heartbeats, so nothing in it
 * is worth a disk write, and after a NATS restart the next heartbeats rebuild it within TTL/3.
 */
export async function openPresenceBucket(connection: NatsConnection, namespace: string, ttlSeconds: number): Promise<KV> {
  const kvm = new Kvm(connection);
  const name = presenceBucketName(namespace);
  try {
    return await kvm.create(name, { ttl: ttlSeconds * 1000, history: 1, storage: StorageType.Memory });
  } catch (error) {
    // Exists with another config (another TTL, tuned by ops): use it as it is, if it is there at all.
    return kvm.open(name).catch(() => {
      throw error;
    });
  }
}
