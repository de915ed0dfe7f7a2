import { Inject, Injectable } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import { presenceKeysOf } from '#contracts';
import { openPresenceBucket, RpcClient } from '#common';
import { NotificationsEnv } from '../notifications.env.js';

/**
 * "Has a connected socket" as the gateways record it: a live lease `<userId>.<replicaId>` in the presence bucket
 * (ADR 0006). Read at push time from the leases themselves, not from the users service's onlineStatus, which is
 * derived from them and lags by a watch event.
 */
@Injectable()
export class PresenceReader {
  private kv: KV | undefined;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NotificationsEnv) private readonly env: NotificationsEnv,
  ) {}

  /** Of `userIds`, those with at least one live lease. Throws when the bucket cannot be read (the caller retries). */
  async onlineAmong(userIds: string[]): Promise<Set<string>> {
    try {
      this.kv ??= await openPresenceBucket(this.rpc.connection(), this.env.NATS_NAMESPACE, this.env.PRESENCE_TTL_SECONDS);
      const kv = this.kv;
      const online = await Promise.all(
        userIds.map(async (userId) => {
          for await (const _ of await kv.keys(presenceKeysOf(userId))) return true;
          return false;
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
