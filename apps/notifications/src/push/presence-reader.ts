import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import { holdsLiveLease, presenceKeysOf } from '#contracts';
import { collectKeys, LiveReplicas, openPresenceLeases, openPresenceReplicas, RpcClient } from '#common';
import { NotificationsEnv } from '../notifications.env.js';

/** How long a presence question waits for the first load of the live replicas before failing (the caller retries). */
const READY_TIMEOUT_MS = 5000;

/**
 * "Has a connected socket" as the gateways record it: a lease `<userId>.<replicaId>` in the leases bucket whose
 * replica's heartbeat is alive (ADR 0006), the same rule as the users service's. Read at push time from the leases
 * themselves, not from the users service's onlineStatus, which is derived from them and lags by a watch event.
 * Which replicas are alive comes from a watched local copy of their heartbeats: no extra request per question.
 */
@Injectable()
export class PresenceReader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private kv: KV | undefined;
  private readonly replicas: LiveReplicas;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NotificationsEnv) private readonly env: NotificationsEnv,
  ) {
    this.replicas = new LiveReplicas(
      async () => openPresenceReplicas(await this.rpc.connected(), env.NATS_NAMESPACE, env.PRESENCE_TTL_SECONDS),
      env.PRESENCE_TTL_SECONDS * 1000,
    );
  }

  onApplicationBootstrap(): void {
    this.replicas.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.replicas.stop();
  }

  /** Of `userIds`, those with at least one live lease. Throws when the buckets cannot be read (the caller retries). */
  async onlineAmong(userIds: string[]): Promise<Set<string>> {
    try {
      await this.replicas.ready(READY_TIMEOUT_MS);
      // Forget the replicas that died (nobody here collects their leases; the users service does).
      this.replicas.takeGone();
      this.kv ??= await openPresenceLeases(this.rpc.connection(), this.env.NATS_NAMESPACE);
      const kv = this.kv;
      const online = await Promise.all(
        userIds.map(async (userId) => {
          const keys = await collectKeys(await kv.keys(presenceKeysOf(userId)));
          return holdsLiveLease(keys, (replicaId) => this.replicas.isLive(replicaId));
        }),
      );
      return new Set(userIds.filter((_, i) => online[i]));
    } catch (error) {
      // Opened afresh next time: a NATS restart drops the in-memory bucket.
      this.kv = undefined;
      throw error;
    }
  }
}
