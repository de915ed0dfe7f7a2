import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { holdsLiveLease, presenceKeysOf, presenceKeysOfReplica, replicaOfPresenceKey, userOfPresenceKey } from '#contracts';
import { collectKeys, KvFollower, LiveReplicas, METRICS, openPresenceLeases, openPresenceReplicas, OUTCOME_OK, RpcClient } from '#common';
import { UsersEnv } from '../users.env.js';
import { partitionLeases, sweepCorrections } from './presence-rules.js';
import { PresenceService } from './presence.service.js';

/**
 * A full sweep (every lease against every profile marked online) runs every this many sweeps, and whenever the
 * leases watch (re)opens. It is the only part that reads O(online users); between two, a sweep costs nothing
 * unless a replica died. It corrects what events cannot: a check that failed, or two users replicas' checks
 * of one user that raced.
 */
const FULL_SWEEP_EVERY = 30;
/** How long a check waits for the first load of the live replicas. */
const READY_TIMEOUT_MS = 10_000;

/**
 * Feeds PresenceService from the presence buckets (ADR 0006). The leases watch sees a lease written or given back
 * at once; a watched local copy of the replicas' heartbeats tells which leases count. A sweep every TTL/3 handles the
 * replicas that stopped beating (NATS 2.9 sends no event when a key ages out): it deletes their leases (once the
 * bucket confirms the heartbeat is gone) and re-checks their users. A dead replica's users are offline at most
 * TTL + TTL/3 after its last heartbeat.
 */
@Injectable()
export class PresenceWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceWatcher.name);
  private readonly replicas: LiveReplicas;
  private readonly leases: KvFollower;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private stopped = false;
  private fullDue = true;
  private sweepsSinceFull = 0;

  constructor(
    private readonly presence: PresenceService,
    private readonly rpc: RpcClient,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {
    const ttlMs = env.PRESENCE_TTL_SECONDS * 1000;
    this.replicas = new LiveReplicas(() => this.openReplicas(), ttlMs);
    this.leases = new KvFollower({
      name: 'presence leases',
      open: () => this.openLeases(),
      probeMs: ttlMs / 3,
      onOpen: () => {
        // Whatever happened while no watch was open (a restart, a lost bucket) is the full sweep's business.
        this.fullDue = true;
        void this.sweep();
        return Promise.resolve();
      },
      onEntry: (entry) => this.seen(entry),
    });
  }

  onApplicationBootstrap(): void {
    this.replicas.start();
    this.leases.start();
    this.sweeper = setInterval(() => void this.sweep(), (this.env.PRESENCE_TTL_SECONDS * 1000) / 3);
    this.sweeper.unref();
  }

  /** Before the NATS connection closes (onApplicationShutdown), so no sweep runs into a closed connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    await Promise.all([this.leases.stop(), this.replicas.stop()]);
  }

  /** One pass: the replicas gone since the last one, or everything when a full sweep is due; public for tests. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    const leases = this.leases.bucket();
    if (!leases) return; // being re-opened: onOpen sweeps
    this.sweeping = true;
    try {
      await this.replicas.ready(READY_TIMEOUT_MS);
      const gone = this.replicas.takeGone();
      if (this.fullDue || ++this.sweepsSinceFull >= FULL_SWEEP_EVERY) {
        this.fullDue = false;
        this.sweepsSinceFull = 0;
        await this.fullSweep(leases);
      } else {
        for (const replicaId of gone) await this.collect(leases, replicaId, await collectKeys(await leases.keys(presenceKeysOfReplica(replicaId))));
      }
      METRICS.presenceSweeps.inc({ outcome: OUTCOME_OK });
    } catch (error) {
      METRICS.presenceSweeps.inc({ outcome: 'failed' });
      // The replicas taken as gone above may not have been collected: the next sweep looks at everything.
      this.fullDue = true;
      if (!this.stopped) this.logger.warn({ err: error }, 'presence sweep failed; the next one retries');
    } finally {
      this.sweeping = false;
    }
  }

  protected async openLeases(): Promise<KV> {
    return openPresenceLeases(await this.rpc.connected(), this.env.NATS_NAMESPACE);
  }

  protected async openReplicas(): Promise<KV> {
    return openPresenceReplicas(await this.rpc.connected(), this.env.NATS_NAMESPACE, this.env.PRESENCE_TTL_SECONDS);
  }

  private async fullSweep(leases: KV): Promise<void> {
    const { live, stale } = partitionLeases(await collectKeys(await leases.keys()), (replicaId) => this.replicas.isLive(replicaId));
    for (const [replicaId, keys] of stale) {
      // Alive after all (the local copy lags a replica that just started): its users are live.
      if (await this.collect(leases, replicaId, keys)) continue;
      for (const key of keys) {
        const userId = userOfPresenceKey(key);
        if (userId) live.add(userId);
      }
    }
    const { toOffline, toOnline } = sweepCorrections(await this.presence.onlineIds(), live);
    // Each correction re-reads that user's leases in its turn: the snapshot above may be stale by then.
    await Promise.all([...toOffline, ...toOnline].map((userId) => this.check(userId)));
  }

  /**
   * Garbage-collects the leases of a replica whose heartbeat the bucket confirms gone, and re-checks their users.
   * Each delete is conditional on the revision read, so a lease the replica wrote again (it was only stalled, and
   * re-writes every lease when it finds its heartbeat gone) is kept. False if the replica is alive after all.
   */
  private async collect(leases: KV, replicaId: string, keys: string[]): Promise<boolean> {
    if (await this.confirmedLive(replicaId)) return false;
    const users = new Set<string>();
    for (const key of keys) {
      const entry = await leases.get(key);
      if (entry?.operation === 'PUT') {
        await leases.delete(key, { previousSeq: entry.revision }).catch((error: unknown) => this.logger.debug({ err: error, key }, 'presence lease written again meanwhile'));
      }
      const userId = userOfPresenceKey(key);
      if (userId) users.add(userId);
    }
    await Promise.all([...users].map((userId) => this.check(userId)));
    return true;
  }

  /** The bucket's word on a replica the local copy does not count as live. */
  private async confirmedLive(replicaId: string): Promise<boolean> {
    const replicas = this.replicas.bucket();
    if (!replicas) throw new Error('presence replicas bucket not open');
    return (await replicas.get(replicaId))?.operation === 'PUT';
  }

  private seen(entry: KvWatchEntry): void {
    const userId = userOfPresenceKey(entry.key);
    if (userId) this.check(userId, entry.operation === 'PUT').catch((error: unknown) => this.logger.warn({ err: error, userId }, 'presence check failed'));
  }

  /**
   * `leaseSeen`: the watch just saw one of the user's leases written, so the user is live without asking the bucket
   * (a replica writes its heartbeat before its leases). A delete after it is not missed: the delete's own check reads
   * the keys; a replica dying after it is the sweep's.
   */
  private check(userId: string, leaseSeen = false): Promise<void> {
    return this.presence.reconcile(userId, async () => {
      if (leaseSeen) return true;
      const leases = this.leases.bucket();
      if (!leases) throw new Error('presence leases bucket not open');
      await this.replicas.ready(READY_TIMEOUT_MS);
      const keys = await collectKeys(await leases.keys(presenceKeysOf(userId)));
      if (holdsLiveLease(keys, (replicaId) => this.replicas.isLive(replicaId))) return true;
      // Leases on replicas the local copy does not count (yet): the bucket decides, not a lagging copy.
      for (const key of keys) {
        const replicaId = replicaOfPresenceKey(key);
        if (replicaId && (await this.confirmedLive(replicaId))) return true;
      }
      return false;
    });
  }
}
