import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { KvEntry } from '@nats-io/kv';
import type { RpcClient } from '../nats/rpc-client.js';
import { type RateLimitOptions, RateLimiter, type SharedBucketStore } from './rate-limiter.js';
import type { Budget } from './token-bucket.js';

/** The KV bucket every replica shares, in memory: get, create and compare-and-set update, with revisions. */
function sharedStore() {
  const values = new Map<string, { value: string; revision: number }>();
  let revision = 0;
  const counts = { writes: 0 };
  const store: SharedBucketStore = {
    get: async (key: string) => {
      const stored = values.get(key);
      if (!stored) return null;
      return { operation: 'PUT', revision: stored.revision, json: () => JSON.parse(stored.value) as unknown } as unknown as KvEntry;
    },
    create: async (key: string, value: string) => {
      if (values.has(key)) throw Object.assign(new Error('wrong last sequence'), { code: 10071 });
      counts.writes += 1;
      values.set(key, { value, revision: ++revision });
      return revision;
    },
    update: async (key: string, value: string, expected: number) => {
      if (values.get(key)?.revision !== expected) throw Object.assign(new Error('wrong last sequence'), { code: 10071 });
      counts.writes += 1;
      values.set(key, { value, revision: ++revision });
      return revision;
    },
  };
  const tokens = () => [...values.values()].map((v) => (JSON.parse(v.value) as { tokens: number }).tokens);
  return { store, counts, tokens };
}

/** A replica's limiter on the shared store. */
function replica(store: SharedBucketStore, write: Budget): RateLimiter {
  const options: RateLimitOptions = { store: 'nats', budgets: { write } };
  const limiter = new RateLimiter(options, { namespace: 'spec', timeoutMs: 1000, servers: '', name: 'spec' }, {} as RpcClient);
  limiter.useStore(store);
  return limiter;
}

/** How many of `count` takes (spread over the replicas in turn) were allowed. */
async function admitted(replicas: RateLimiter[], count: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < count; i++) {
    ok += await replicas[i % replicas.length].take('write', 'user-1').then(
      () => 1,
      () => 0,
    );
  }
  return ok;
}

describe('RateLimiter (shared bucket, leases)', () => {
  const limiters: RateLimiter[] = [];
  const make = (store: SharedBucketStore, budget: Budget) => {
    const limiter = replica(store, budget);
    limiters.push(limiter);
    return limiter;
  };
  afterEach(() => {
    jest.restoreAllMocks();
    for (const limiter of limiters.splice(0)) limiter.onApplicationShutdown();
  });

  it('takes a tenth of a large budget per shared write and spends it locally', async () => {
    const { store, counts, tokens } = sharedStore();
    const limiter = make(store, { limit: 1000, windowSeconds: 3600 });
    expect(await admitted([limiter], 250)).toBe(250);
    // 250 takes, leases of 100: three shared writes, 300 tokens out of the shared bucket.
    expect(counts.writes).toBe(3);
    expect(Math.round(tokens()[0])).toBe(700);
  });

  it('below a limit of 20, every take is a shared write: two replicas in turn admit exactly the budget', async () => {
    const { store, counts } = sharedStore();
    const budget = { limit: 10, windowSeconds: 3600 };
    expect(await admitted([make(store, budget), make(store, budget)], 14)).toBe(10);
    expect(counts.writes).toBe(10);
  });

  it('never admits more than the budget across replicas, whatever they hold in leases', async () => {
    const { store } = sharedStore();
    const budget = { limit: 100, windowSeconds: 3600 };
    const replicas = [make(store, budget), make(store, budget), make(store, budget)];
    // Leases stranded on the other replicas may refuse a little early (the documented tolerance), never late.
    const ok = await admitted(replicas, 300);
    expect(ok).toBeLessThanOrEqual(100);
    expect(ok).toBeGreaterThanOrEqual(100 - 2 * 10);
  });

  it('lets an unspent lease expire after a tenth of the window', async () => {
    const { store, counts } = sharedStore();
    const limiter = make(store, { limit: 100, windowSeconds: 60 });
    let now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    await limiter.take('write', 'user-1');
    await limiter.take('write', 'user-1');
    expect(counts.writes).toBe(1);
    now += 6001;
    await limiter.take('write', 'user-1');
    expect(counts.writes).toBe(2);
  });

  it('refuses with the time until a token refills once the shared bucket is empty', async () => {
    const { store } = sharedStore();
    const limiter = make(store, { limit: 20, windowSeconds: 60 });
    expect(await admitted([limiter], 20)).toBe(20);
    await expect(limiter.take('write', 'user-1')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(limiter.emptyFor('write', 'user-1')).toBeGreaterThan(0);
  });
});
