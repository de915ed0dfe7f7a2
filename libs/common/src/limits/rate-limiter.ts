import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { ErrorCode, rateLimitBucketName } from '#contracts';
import { KeyedSerialQueue } from '../async/keyed-serial-queue.js';
import { DomainError } from '../errors/domain.error.js';
import { NATS_OPTIONS, type NatsModuleOptions } from '../nats/nats.options.js';
import { RpcClient } from '../nats/rpc-client.js';
import { type BucketState, type Budget, takeToken } from './token-bucket.js';
import { METRICS } from '../metrics/metrics.js';

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

/** The part of a KV bucket the limiter uses (a fake in unit tests). */
export type SharedBucketStore = Pick<KV, 'get' | 'create' | 'update'>;

export interface RateLimitOptions {
  budgets: Record<string, Budget>;
  /** `nats`: shared by every replica (KV bucket); `memory`: this process only (tests, single-process setups). */
  store: 'nats' | 'memory';
}

/** Longest a key lives without a take: a bucket left alone that long has refilled anyway (windows ≤ 1 h). */
const BUCKET_TTL_MS = 3_600_000;
/** Compare-and-set rounds before a take gives up (only replicas racing on one key can make it fail). */
const CAS_ATTEMPTS = 5;
/** After the shared store failed, how long this process counts in memory before trying it again. */
const STORE_RETRY_MS = 5000;
/**
 * A lease (tokens taken from the shared bucket at once and spent here) holds at most this share of a budget's
 * limit and lives at most this share of its window: the bounds of docs/adr/0008's amendment.
 */
const LEASE_SHARE = 0.1;

/** Tokens this process took from the shared bucket and has not spent yet. */
interface Lease {
  tokens: number;
  expiresAt: number;
}

/**
 * Per-key token buckets, stored in the namespace's NATS KV bucket so that every gateway replica (and the auth
 * service) draws from one budget. A process takes tokens from the shared bucket as a lease — up to a tenth of
 * the limit in one get + compare-and-set — and spends them locally, so a busy key costs one KV round trip per
 * lease instead of one per request; a lease expires unspent after a tenth of the window (docs/adr/0008,
 * amendment). Budgets under 20 lease one token at a time: exactly as shared as a take per request. Takes of one
 * key are chained inside a process so that only other replicas can race it. A key found empty is remembered
 * locally until it refills, so a flood is refused without touching NATS. If the KV bucket cannot be reached,
 * this process falls back to counting in memory (documented: N replicas then allow up to N times the budget)
 * and retries the bucket later.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private kv: Promise<SharedBucketStore> | undefined;
  private storeFailedAt = 0;
  private readonly memory = new Map<string, BucketState>();
  private readonly emptyUntil = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  private readonly chains = new KeyedSerialQueue();
  private readonly pruner: NodeJS.Timeout;

  constructor(
    @Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions,
    @Inject(NATS_OPTIONS) private readonly nats: NatsModuleOptions,
    private readonly rpc: RpcClient,
  ) {
    this.pruner = setInterval(() => this.prune(), 60_000);
    this.pruner.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruner);
  }

  /** Used by tests: a shared store instead of the namespace's KV bucket. */
  useStore(store: SharedBucketStore): void {
    this.kv = Promise.resolve(store);
  }

  /**
   * Synchronous and local: the milliseconds until `subject` may use `budget` again when this process already
   * found it empty, else undefined. Lets a flood be answered before any parsing or dispatch.
   */
  emptyFor(budgetName: string, subject: string): number | undefined {
    return this.emptyLeft(`${budgetName}:${subject}`);
  }

  private emptyLeft(localKey: string): number | undefined {
    const until = this.emptyUntil.get(localKey);
    const left = until === undefined ? 0 : until - Date.now();
    return left > 0 ? left : undefined;
  }

  /** Takes one token of `budget` for `subject` (a user id, an account, an IP), or throws RATE_LIMITED with retryAfterMs. */
  async take(budgetName: string, subject: string): Promise<void> {
    const budget = this.options.budgets[budgetName];
    if (!budget) throw new Error(`unknown rate-limit budget ${budgetName}`);
    // Local bookkeeping by the plain key (cheap on every event of a flood); the KV key is hashed.
    const localKey = `${budgetName}:${subject}`;
    const left = this.emptyLeft(localKey);
    if (left !== undefined) throw this.rejected(budgetName, left);
    if (this.spendLease(localKey)) return;
    // Takes queued behind one that emptied the bucket (or that brought a lease) are answered without another round trip.
    const retryAfterMs = await this.chains.run(localKey, async () =>
      this.emptyLeft(localKey) ?? (this.spendLease(localKey) ? undefined : this.takeFromStore(localKey, keyOf(budgetName, subject), budget)),
    );
    if (retryAfterMs !== undefined) {
      this.emptyUntil.set(localKey, Date.now() + retryAfterMs);
      throw this.rejected(budgetName, retryAfterMs);
    }
  }

  /** The RATE_LIMITED error for a refusal of `budgetName`, counted (rate_limit_rejections_total). */
  rejected(budgetName: string, retryAfterMs: number): DomainError {
    METRICS.rateLimitRejections.inc({ budget: budgetName });
    return limited(retryAfterMs);
  }

  /** One token of a live lease, if this process holds one for the key. */
  private spendLease(localKey: string): boolean {
    const lease = this.leases.get(localKey);
    if (!lease) return false;
    if (lease.tokens < 1 || Date.now() >= lease.expiresAt) {
      this.leases.delete(localKey);
      return false;
    }
    lease.tokens -= 1;
    return true;
  }

  /** undefined when a token was taken (the rest of the lease kept for the next takes), else the milliseconds until one will be there. */
  private async takeFromStore(localKey: string, key: string, budget: Budget): Promise<number | undefined> {
    const kv = await this.sharedStore();
    if (kv) {
      try {
        const taken = await this.takeShared(kv, key, budget, leaseSize(budget));
        if (taken.retryAfterMs !== undefined) return taken.retryAfterMs;
        if (taken.granted > 1) this.leases.set(localKey, { tokens: taken.granted - 1, expiresAt: Date.now() + budget.windowSeconds * 1000 * LEASE_SHARE });
        return undefined;
      } catch (error) {
        this.storeFailed(error);
      }
    }
    // In memory nobody else draws from the bucket: a lease would save nothing.
    const result = takeToken(budget, this.memory.get(key), Date.now());
    if (!result.allowed) return result.retryAfterMs;
    this.memory.set(key, result.next);
    return undefined;
  }

  private async takeShared(kv: SharedBucketStore, key: string, budget: Budget, wanted: number): Promise<{ granted: number; retryAfterMs?: undefined } | { retryAfterMs: number }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const entry = await kv.get(key);
      const stored = entry && entry.operation === 'PUT' ? (entry.json<BucketState>()) : undefined;
      const result = takeToken(budget, stored, Date.now(), wanted);
      if (!result.allowed) return { retryAfterMs: result.retryAfterMs };
      try {
        if (entry) await kv.update(key, JSON.stringify(result.next), entry.revision);
        else await kv.create(key, JSON.stringify(result.next));
        return { granted: result.granted };
      } catch (error) {
        // Another replica wrote first (wrong last sequence / key exists): read again and retry.
        const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
        if (code !== 10071 && !/wrong last sequence/i.test(String(message))) throw error;
      }
    }
    // Contention that high on one key is a flood by itself: refuse this one, briefly.
    return { retryAfterMs: 100 };
  }

  private async sharedStore(): Promise<SharedBucketStore | undefined> {
    if (this.options.store === 'memory') return undefined;
    if (this.storeFailedAt && Date.now() - this.storeFailedAt < STORE_RETRY_MS) return undefined;
    this.kv ??= this.openBucket();
    try {
      return await this.kv;
    } catch (error) {
      this.storeFailed(error);
      return undefined;
    }
  }

  private async openBucket(): Promise<KV> {
    // JetStream calls get the RPC deadline too: during an outage a take falls back to memory within it.
    const kvm = new Kvm(jetstream(this.rpc.connection(), { timeout: this.nats.timeoutMs }));
    const name = rateLimitBucketName(this.nats.namespace);
    try {
      return await kvm.create(name, { ttl: BUCKET_TTL_MS, history: 1, storage: StorageType.Memory });
    } catch (error) {
      return kvm.open(name).catch(() => {
        throw error;
      });
    }
  }

  private storeFailed(error: unknown): void {
    if (!this.storeFailedAt || Date.now() - this.storeFailedAt >= STORE_RETRY_MS) {
      this.logger.warn({ err: error }, 'rate-limit store unavailable; counting in memory for now');
    }
    this.storeFailedAt = Date.now();
    // Re-open next time: a NATS restart drops a memory bucket together with its config.
    this.kv = undefined;
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, until] of this.emptyUntil) if (until <= now) this.emptyUntil.delete(key);
    for (const [key, lease] of this.leases) if (lease.expiresAt <= now) this.leases.delete(key);
    for (const [key, state] of this.memory) if (now - state.at > BUCKET_TTL_MS) this.memory.delete(key);
  }
}

/** Tokens one shared take asks for: a tenth of the limit, at least one (below a limit of 20, exactly one). */
export function leaseSize(budget: Budget): number {
  return Math.max(1, Math.floor(budget.limit * LEASE_SHARE));
}

/** KV keys allow only a few characters: the subject (an IP, an account name) is hashed. */
function keyOf(budgetName: string, subject: string): string {
  return `${budgetName}.${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
}

export function limited(retryAfterMs: number): DomainError {
  return new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests; retry later', { retryAfterMs: Math.ceil(retryAfterMs) });
}
