import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import { presenceKey } from '#contracts';
import { KeyedSerialQueue, openPresenceLeases, openPresenceReplicas, RpcClient } from '#common';
import { GatewayEnv } from '../gateway.env.js';

/** The parts of the two buckets the leases use (fakes in unit tests). */
export interface PresenceStore {
  leases: Pick<KV, 'put' | 'delete'>;
  replicas: Pick<KV, 'put' | 'update' | 'delete'>;
}

/**
 * This replica's presence: a lease `<userId>.<replicaId>` in the leases bucket while it holds at least one
 * socket of that user (written on the first socket, deleted with the last), and one heartbeat key
 * `<replicaId>` in the replicas bucket, re-written every TTL/3 whatever the number of users. The replicas
 * bucket's max age is the TTL: if this process dies its heartbeat ages out, its leases stop counting, and
 * the users service marks its users offline and deletes the leases (docs/adr/0006).
 */
@Injectable()
export class PresenceLeases implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceLeases.name);
  /** Unique per process: a restarted replica must not revive or delete its predecessor's leases. */
  readonly replicaId = `gw_${randomUUID().replaceAll('-', '')}`;
  /** Sockets held per user. */
  private readonly sockets = new Map<string, number>();
  /** Users whose last lease write failed (a delete too): written again with the next full re-write. */
  private readonly unsynced = new Set<string>();
  /** Store writes per user run in order, so the last one wins. */
  private readonly writes = new KeyedSerialQueue();
  private store: PresenceStore | undefined;
  private injected = false;
  /**
   * A write failed since the bucket was last opened. The usual cause that outlives a retry is the bucket
   * itself being gone: a NATS restart drops a memory stream together with its config (nats-server #6207),
   * so the next heartbeat re-opens it, which creates it again, instead of failing against it forever.
   */
  private writeFailed = false;
  /** Revision of this replica's heartbeat key as last written (undefined: not written since the bucket was opened). */
  private revision: number | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** A beat that re-writes every lease may outlast the period: the next one is skipped, not run alongside. */
  private beating = false;
  /**
   * Set at shutdown: the leases were given back and must stay so, although sockets are still open (Nest
   * closes them after this hook) and a late handshake may still add one; otherwise a stopped replica would
   * keep users online for a whole TTL.
   */
  private stopping = false;

  constructor(
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
    private readonly rpc: RpcClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), (this.env.PRESENCE_TTL_SECONDS * 1000) / 3);
    this.heartbeat.unref();
  }

  /** Graceful stop: give the leases back at once instead of letting them age out. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    const users = [...this.sockets.keys()];
    this.sockets.clear();
    await Promise.allSettled(users.map((userId) => this.sync(userId)));
    // Then the heartbeat: a lease whose delete failed stops counting at once instead of living on.
    await this.store?.replicas.delete(this.replicaId).catch((error: unknown) => this.logger.warn({ err: error }, 'presence heartbeat not deleted'));
  }

  /** Used by tests: attach a store directly (never re-opened). */
  useStore(store: PresenceStore): void {
    this.store = store;
    this.injected = true;
  }

  add(userId: string): void {
    if (this.stopping) return;
    const count = this.sockets.get(userId) ?? 0;
    this.sockets.set(userId, count + 1);
    if (count === 0) void this.sync(userId);
  }

  remove(userId: string): void {
    const count = this.sockets.get(userId) ?? 0;
    // Not held (e.g. the sockets Nest closes after shutdown gave every lease back): nothing to write.
    if (count === 0) return;
    if (count > 1) {
      this.sockets.set(userId, count - 1);
      return;
    }
    this.sockets.delete(userId);
    void this.sync(userId);
  }

  isHeld(userId: string): boolean {
    return this.sockets.has(userId);
  }

  /**
   * Keeps this replica's heartbeat alive: one conditional update (the revision last written), whatever the
   * number of users. When it fails — the key aged out (this process stalled longer than the TTL, so the users
   * service may have deleted its leases), the bucket is gone (NATS restart), or a lease write failed since —
   * the buckets are re-opened (which creates them), the heartbeat written anew and then every lease re-written.
   */
  async beat(): Promise<void> {
    if (this.stopping || this.beating) return;
    this.beating = true;
    try {
      await this.keepAlive();
    } finally {
      this.beating = false;
    }
  }

  private async keepAlive(): Promise<void> {
    if (this.store && !this.writeFailed && this.revision !== undefined) {
      try {
        this.revision = await this.store.replicas.update(this.replicaId, this.stamp(), this.revision);
        return;
      } catch (error) {
        this.logger.warn({ err: error }, 'presence heartbeat lost; writing it and every lease again');
      }
    }
    this.writeFailed = false;
    this.revision = undefined;
    try {
      if (!this.injected) await this.open();
      if (!this.store) return;
      // The heartbeat first: a lease counts only while it lives.
      this.revision = await this.store.replicas.put(this.replicaId, this.stamp());
    } catch (error) {
      this.writeFailed = true;
      this.logger.warn({ err: error }, 'presence buckets not available; retrying with the next heartbeat');
      return;
    }
    const users = new Set([...this.sockets.keys(), ...this.unsynced]);
    await Promise.allSettled([...users].map((userId) => this.sync(userId)));
  }

  /**
   * Brings the user's key in line with the state at the time the write runs (not when it was asked for),
   * chained per user: a quick disconnect/reconnect cannot leave a delete after the put that should win.
   */
  sync(userId: string): Promise<void> {
    return this.writes.run(userId, () => this.write(userId));
  }

  private async write(userId: string): Promise<void> {
    if (!this.store) return;
    const key = presenceKey(userId, this.replicaId);
    try {
      if (this.sockets.has(userId)) await this.store.leases.put(key, this.stamp());
      else await this.store.leases.delete(key);
      this.unsynced.delete(userId);
    } catch (error) {
      this.unsynced.add(userId);
      // The next heartbeat re-opens the buckets and writes every lease again; a missed delete would leave a lease
      // that counts while this replica lives, hence `unsynced`.
      this.writeFailed = true;
      this.logger.warn({ err: error, userId }, 'presence lease not written');
    }
  }

  private stamp(): string {
    return new Date().toISOString();
  }

  private async open(): Promise<void> {
    const connection = await this.rpc.connected();
    const [leases, replicas] = await Promise.all([
      openPresenceLeases(connection, this.env.NATS_NAMESPACE),
      openPresenceReplicas(connection, this.env.NATS_NAMESPACE, this.env.PRESENCE_TTL_SECONDS),
    ]);
    this.store = { leases, replicas };
  }
}
