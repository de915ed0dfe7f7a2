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
 * Per-key token buckets, stored in the namespace's NATS KV bucket so that every gateway replica (and the auth
 * service) draws from one budget. A take is get + compare-and-set; takes of one key are chained inside a
 * process so that only other replicas can race it. A key found empty is remembered locally until it refills,
 * so a flood is refused without touching NATS. If the KV bucket cannot be reached, this process falls back to
 * counting in memory (documented: N replicas then allow up to N times the budget) and retries the bucket later.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private kv: Promise<KV> | undefined;
  private storeFailedAt = 0;
  private readonly memory = new Map<string, BucketState>();
  private readonly emptyUntil = new Map<string, number>();
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
    // Takes queued behind one that emptied the bucket are answered without another round trip.
    const retryAfterMs = await this.chains.run(localKey, async () => this.emptyLeft(localKey) ?? this.takeFromStore(keyOf(budgetName, subject), budget));
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

  /** undefined when a token was taken, else the milliseconds until one will be there. */
  private async takeFromStore(key: string, budget: Budget): Promise<number | undefined> {
    const kv = await this.sharedStore();
    if (kv) {
      try {
        return await this.takeShared(kv, key, budget);
      } catch (error) {
        this.storeFailed(error);
      }
    }
    const result = takeToken(budget, this.memory.get(key), Date.now());
    if (!result.allowed) return result.retryAfterMs;
    this.memory.set(key, result.next);
    return undefined;
  }

  private async takeShared(kv: KV, key: string, budget: Budget): Promise<number | undefined> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const entry = await kv.get(key);
      const stored = entry && entry.operation === 'PUT' ? (entry.json<BucketState>()) : undefined;
      const result = takeToken(budget, stored, Date.now());
      if (!result.allowed) return result.retryAfterMs;
      try {
        if (entry) await kv.update(key, JSON.stringify(result.next), entry.revision);
        else await kv.create(key, JSON.stringify(result.next));
        return undefined;
      } catch (error) {
        // Another replica wrote first (wrong last sequence / key exists): read again and retry.
        const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
        if (code !== 10071 && !/wrong last sequence/i.test(String(message))) throw error;
      }
    }
    // Contention that high on one key is a flood by itself: refuse this one, briefly.
    return 100;
  }

  private async sharedStore(): Promise<KV | undefined> {
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
    for (const [key, state] of this.memory) if (now - state.at > BUCKET_TTL_MS) this.memory.delete(key);
  }
}

/** KV keys allow only a few characters: the subject (an IP, an account name) is hashed. */
function keyOf(budgetName: string, subject: string): string {
  return `${budgetName}.${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
}

export function limited(retryAfterMs: number): DomainError {
  return new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests; retry later', { retryAfterMs: Math.ceil(retryAfterMs) });
}
