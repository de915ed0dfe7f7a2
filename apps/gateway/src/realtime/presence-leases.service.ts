import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import { presenceKey } from '#contracts';
import { KeyedSerialQueue, openPresenceBucket, RpcClient } from '#common';
import { GatewayEnv } from '../gateway.env.js';

/** The part of a KV bucket the leases use (a fake in unit tests). */
export type PresenceStore = Pick<KV, 'put' | 'delete'>;

/**
 * This replica's presence leases: a key `<userId>.<replicaId>` in the presence bucket while it holds at
 * least one socket of that user, re-written every TTL/3. The bucket's max age is the TTL, so if this
 * process dies its keys age out and the users service marks its users offline (docs/adr/0006).
 */
@Injectable()
export class PresenceLeases implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceLeases.name);
  /** Unique per process: a restarted replica must not revive or delete its predecessor's leases. */
  readonly replicaId = `gw_${randomUUID().replaceAll('-', '')}`;
  /** Sockets held per user. */
  private readonly sockets = new Map<string, number>();
  /** Store writes per user run in order, so the last one wins. */
  private readonly writes = new KeyedSerialQueue();
  private store: PresenceStore | undefined;
  /**
   * A write failed since the bucket was last opened. The usual cause that outlives a retry is the bucket
   * itself being gone: a NATS restart drops a memory stream together with its config (nats-server #6207),
   * so the next heartbeat re-opens it, which creates it again, instead of failing against it forever.
   */
  private writeFailed = false;
  private heartbeat: NodeJS.Timeout | undefined;
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
    await this.open().catch((error: unknown) => this.logger.error({ err: error }, 'presence bucket not available yet; retrying with the heartbeat'));
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
  }

  /** Used by tests: attach a store directly. */
  useStore(store: PresenceStore): void {
    this.store = store;
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

  /** Re-writes every lease (resets its age) and retries what failed before. */
  async beat(): Promise<void> {
    if (!this.store || this.writeFailed) {
      this.writeFailed = false;
      await this.open().catch((error: unknown) => this.logger.warn({ err: error }, 'presence bucket not available; retrying with the next heartbeat'));
    }
    await Promise.allSettled([...this.sockets.keys()].map((userId) => this.sync(userId)));
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
      if (this.sockets.has(userId)) await this.store.put(key, new Date().toISOString());
      else await this.store.delete(key);
    } catch (error) {
      // The next heartbeat re-opens the bucket and writes it again; a missed delete ages out within the TTL.
      this.writeFailed = true;
      this.logger.warn({ err: error, userId }, 'presence lease not written');
    }
  }

  private async open(): Promise<void> {
    const connection = await this.rpc.connected();
    this.store = await openPresenceBucket(connection, this.env.NATS_NAMESPACE, this.env.PRESENCE_TTL_SECONDS);
  }
}
