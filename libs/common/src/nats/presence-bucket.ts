import { Logger } from '@nestjs/common';
import { StorageType } from '@nats-io/jetstream';
import { type KV, type KvOptions, KvWatchInclude, type KvWatchEntry, Kvm } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { presenceLeasesBucketName, presenceReplicasBucketName } from '#contracts';

/** Between two attempts to (re)open a followed bucket. */
const RETRY_MS = 500;

async function openBucket(connection: NatsConnection, name: string, options: Partial<KvOptions>): Promise<KV> {
  const kvm = new Kvm(connection);
  try {
    return await kvm.create(name, { history: 1, storage: StorageType.Memory, ...options });
  } catch (error) {
    // Exists with another config (tuned by ops): use it as it is, if it is there at all.
    return kvm.open(name).catch(() => {
      throw error;
    });
  }
}

/**
 * The namespace's presence leases (`<userId>.<replicaId>`), created by whichever process comes first. No max age:
 * a lease is written on a user's first socket and deleted with the last one, and counts only while its replica's
 * heartbeat lives (ADR 0006). In memory: after a NATS restart the gateways write their leases again.
 */
export function openPresenceLeases(connection: NatsConnection, namespace: string): Promise<KV> {
  return openBucket(connection, presenceLeasesBucketName(namespace), {});
}

/** The gateway replicas' heartbeats (`<replicaId>`), max age = the TTL: a replica that stops beating ages out. */
export function openPresenceReplicas(connection: NatsConnection, namespace: string, ttlSeconds: number): Promise<KV> {
  return openBucket(connection, presenceReplicasBucketName(namespace), { ttl: ttlSeconds * 1000 });
}

export async function collectKeys(keys: QueuedIterator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out;
}

export interface KvFollowerOptions {
  /** For the logs. */
  name: string;
  open: () => Promise<KV>;
  /** How often the bucket is checked to still be the one watched (a stream info request). */
  probeMs: number;
  /** After each (re)open, once the watch of updates is in place: load what is already there. */
  onOpen: (kv: KV) => Promise<void>;
  onEntry: (entry: KvWatchEntry) => void;
}

/**
 * Follows a KV bucket's updates for as long as it runs, across losses of the bucket. A NATS restart drops a memory
 * stream with its config (nats-server #6207); the watch of the old one only ends after its idle heartbeats are
 * missed (~15 s), so a cheap probe (stream info every `probeMs`) notices a bucket that is gone or was created anew,
 * and the follower re-opens (which creates it) and calls `onOpen` again.
 */
export class KvFollower {
  private readonly logger: Logger;
  private watch: QueuedIterator<KvWatchEntry> | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private kv: KV | undefined;

  constructor(private readonly options: KvFollowerOptions) {
    this.logger = new Logger(`KvFollower(${options.name})`);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.stop();
    await this.loop;
  }

  /** The bucket as last opened (undefined while it is being re-opened). */
  bucket(): KV | undefined {
    return this.kv;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (!this.stopped) this.logger.warn({ err: error }, 'watch interrupted; re-opening');
      }
      this.kv = undefined;
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async follow(): Promise<void> {
    const kv = await this.options.open();
    const created = (await kv.status()).streamInfo.created;
    // Updates only, opened before the load in onOpen: nothing written in between is missed.
    const watch = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    this.watch = watch;
    // Stopped while the watch was being opened: nobody else will stop this one.
    if (this.stopped) watch.stop();
    const probe = setInterval(() => {
      kv.status().then(
        (status) => status.streamInfo.created !== created && watch.stop(),
        () => watch.stop(),
      );
    }, this.options.probeMs);
    probe.unref();
    try {
      this.kv = kv;
      await this.options.onOpen(kv);
      for await (const entry of watch) this.options.onEntry(entry);
    } finally {
      clearInterval(probe);
      watch.stop();
    }
  }
}

/**
 * Which gateway replicas are alive, from a watched local copy of the replicas bucket: a replica is live until TTL
 * after the last heartbeat seen here (a heartbeat already in the bucket when the watch opens counts from its server
 * time). NATS 2.9 sends nothing when a key ages out, hence the local deadlines. Replicas seen alive that are not any
 * more (aged out, or deleted at a graceful stop) are reported once by `takeGone`.
 */
export class LiveReplicas {
  /** replicaId → until when it counts as alive (ms, Date.now()). */
  private readonly deadlines = new Map<string, number>();
  private readonly gone = new Set<string>();
  private readonly follower: KvFollower;
  private loaded: Promise<void>;
  private markLoaded!: () => void;

  constructor(
    open: () => Promise<KV>,
    private readonly ttlMs: number,
  ) {
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    this.follower = new KvFollower({
      name: 'presence replicas',
      open,
      probeMs: ttlMs / 3,
      onOpen: (kv) => this.load(kv),
      onEntry: (entry) => this.seen(entry.key, entry.operation === 'PUT' ? Date.now() + this.ttlMs : undefined),
    });
  }

  start(): void {
    this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Resolves once the bucket's content was loaded the first time (waits at most `timeoutMs`, then rejects). */
  ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('presence replicas not loaded yet')), timeoutMs);
    });
    return Promise.race([this.loaded, timeout]).finally(() => clearTimeout(timer));
  }

  isLive(replicaId: string): boolean {
    return (this.deadlines.get(replicaId) ?? 0) > Date.now();
  }

  /** The replicas that were alive here and are not any more, each once. */
  takeGone(): string[] {
    const now = Date.now();
    for (const [replicaId, deadline] of this.deadlines) {
      if (deadline <= now) {
        this.deadlines.delete(replicaId);
        this.gone.add(replicaId);
      }
    }
    const out = [...this.gone];
    this.gone.clear();
    return out;
  }

  /** The bucket as last opened, for an authoritative read (undefined while re-opening). */
  bucket(): KV | undefined {
    return this.follower.bucket();
  }

  private seen(replicaId: string, deadline: number | undefined): void {
    if (deadline === undefined) {
      if (this.deadlines.delete(replicaId)) this.gone.add(replicaId);
      return;
    }
    this.deadlines.set(replicaId, Math.max(deadline, this.deadlines.get(replicaId) ?? 0));
    this.gone.delete(replicaId);
  }

  private async load(kv: KV): Promise<void> {
    for (const replicaId of await collectKeys(await kv.keys())) {
      const entry = await kv.get(replicaId);
      if (entry?.operation === 'PUT') this.seen(replicaId, entry.created.getTime() + this.ttlMs);
    }
    this.markLoaded();
  }
}
