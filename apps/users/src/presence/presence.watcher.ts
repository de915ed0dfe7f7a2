import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type KV, KvWatchInclude, type KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/transport-node';
import { presenceKeysOf, userOfPresenceKey } from '#contracts';
import { METRICS, openPresenceBucket, OUTCOME_OK, RpcClient } from '#common';
import { UsersEnv } from '../users.env.js';
import { liveUsersOf, sweepCorrections } from './presence-rules.js';
import { PresenceService } from './presence.service.js';

const RETRY_MS = 500;

async function collect(keys: QueuedIterator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out;
}

/**
 * Feeds PresenceService from the presence bucket, two ways: a watch (a lease written or given back is seen
 * at once) and a sweep every TTL/3 — NATS 2.9 sends no event when a lease ages out, so only the sweep
 * notices a gateway that died. A dead replica's users are offline at most TTL + TTL/3 after its last heartbeat.
 */
@Injectable()
export class PresenceWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceWatcher.name);
  private kv: KV | undefined;
  private watch: QueuedIterator<KvWatchEntry> | undefined;
  private loop: Promise<void> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private stopped = false;

  constructor(
    private readonly presence: PresenceService,
    private readonly rpc: RpcClient,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
    this.sweeper = setInterval(() => void this.sweep(), (this.env.PRESENCE_TTL_SECONDS * 1000) / 3);
    this.sweeper.unref();
  }

  /** Before the NATS connection closes (onApplicationShutdown), so no sweep runs into a closed connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    this.watch?.stop();
    await this.loop;
  }

  /** One pass over the bucket and the profiles marked online; public for tests. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      const kv = await this.bucket();
      const live = liveUsersOf(await collect(await kv.keys()));
      const { toOffline, toOnline } = sweepCorrections(await this.presence.onlineIds(), live);
      // Each correction re-reads that user's leases in its turn: the snapshot above may be stale by then.
      await Promise.all([...toOffline, ...toOnline].map((userId) => this.check(userId)));
      METRICS.presenceSweeps.inc({ outcome: OUTCOME_OK });
    } catch (error) {
      METRICS.presenceSweeps.inc({ outcome: 'failed' });
      // Opened afresh next time: if the bucket is gone (a NATS restart drops a memory stream), that creates it.
      this.kv = undefined;
      if (!this.stopped) this.logger.warn({ err: error }, 'presence sweep failed; the next one retries');
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * `leaseSeen`: the watch just saw one of the user's leases written, so the user is live without asking
   * the bucket (listing keys opens a JetStream consumer, and every heartbeat of every online user is such a
   * write). A delete or age-out after it is not missed: the delete's own check, or the sweep, reads the keys.
   */
  private check(userId: string, leaseSeen = false): Promise<void> {
    return this.presence.reconcile(userId, async () => {
      if (leaseSeen) return true;
      const kv = await this.bucket();
      return (await collect(await kv.keys(presenceKeysOf(userId)))).length > 0;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (!this.stopped) this.logger.warn({ err: error }, 'presence watch interrupted; restarting');
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async follow(): Promise<void> {
    const kv = await this.bucket();
    // Updates only: what is already in the bucket is the sweep's business (it runs at once).
    const watch = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    this.watch = watch;
    // Shutdown began while the watch was being opened: it stopped the previous one (or none), so this one
    // would keep the loop, and the shutdown awaiting it, alive for good.
    if (this.stopped) watch.stop();
    void this.sweep();
    for await (const entry of watch) {
      const userId = userOfPresenceKey(entry.key);
      if (userId) this.check(userId, entry.operation === 'PUT').catch((error: unknown) => this.logger.warn({ err: error, userId }, 'presence check failed'));
    }
  }

  private async bucket(): Promise<KV> {
    this.kv ??= await openPresenceBucket(await this.rpc.connected(), this.env.NATS_NAMESPACE, this.env.PRESENCE_TTL_SECONDS);
    return this.kv;
  }
}
