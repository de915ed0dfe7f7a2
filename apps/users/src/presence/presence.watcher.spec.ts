import { describe, expect, it } from '@jest/globals';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { RpcClient } from '#common';
import type { UsersEnv } from '../users.env.js';
import type { PresenceService } from './presence.service.js';
import { PresenceWatcher } from './presence.watcher.js';

/** A watch that yields the entries pushed into it and ends when stopped. */
function fakeWatch() {
  const queue: KvWatchEntry[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  return {
    push: (entry: Partial<KvWatchEntry>) => (queue.push(entry as KvWatchEntry), wake?.()),
    stop: () => ((stopped = true), wake?.()),
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (stopped) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

/** An in-memory KV bucket: what the watcher reads, lists (`listed`: the filters), watches and deletes. */
function fakeBucket(keys: string[] = []) {
  let revision = 0;
  const entries = new Map<string, number>(keys.map((key) => [key, ++revision]));
  const watches: ReturnType<typeof fakeWatch>[] = [];
  const listed: string[] = [];
  const matches = (filter: string, key: string) => {
    const [a, b] = filter.split('.');
    const [x, y] = key.split('.');
    return filter === '>' || ((a === '*' || a === x) && (b === '*' || b === y));
  };
  const notify = (key: string, operation: 'PUT' | 'DEL') => watches.forEach((w) => w.push({ key, operation }));
  const kv = {
    status: () => Promise.resolve({ streamInfo: { created: 'once' } }),
    watch: () => {
      const watch = fakeWatch();
      watches.push(watch);
      return Promise.resolve(watch);
    },
    keys: (filter = '>') => {
      listed.push(filter);
      const found = [...entries.keys()].filter((key) => matches(filter, key));
      return Promise.resolve((async function* () {
        yield* found;
      })());
    },
    get: (key: string) => Promise.resolve(entries.has(key) ? { key, operation: 'PUT', revision: entries.get(key), created: new Date() } : null),
    delete: (key: string) => {
      entries.delete(key);
      notify(key, 'DEL');
      return Promise.resolve();
    },
  } as unknown as KV;
  return {
    kv,
    listed,
    entries,
    put: (key: string) => (entries.set(key, ++revision), notify(key, 'PUT')),
    /** As NATS 2.9 ages a key out: gone, and no event. */
    ageOut: (key: string) => entries.delete(key),
  };
}

function setUp(leases: ReturnType<typeof fakeBucket>, replicas: ReturnType<typeof fakeBucket>, ttlSeconds = 30) {
  const verdicts: { userId: string; live: boolean }[] = [];
  const presence = {
    reconcile: async (userId: string, isLive: () => Promise<boolean>) => void verdicts.push({ userId, live: await isLive() }),
    onlineIds: () => Promise.resolve([]),
  } as unknown as PresenceService;
  class Watcher extends PresenceWatcher {
    protected override openLeases = () => Promise.resolve(leases.kv);
    protected override openReplicas = () => Promise.resolve(replicas.kv);
  }
  const watcher = new Watcher(presence, {} as RpcClient, { PRESENCE_TTL_SECONDS: ttlSeconds, NATS_NAMESPACE: 'x' } as UsersEnv);
  return { watcher, verdicts };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('PresenceWatcher', () => {
  it('a lease written is "live" without listing the bucket; a lease deleted re-reads the user\'s keys', async () => {
    const leases = fakeBucket();
    const { watcher, verdicts } = setUp(leases, fakeBucket(['gw_a']));
    watcher.onApplicationBootstrap();
    await settle();
    leases.listed.length = 0; // the first (full) sweep
    leases.put('u1.gw_a');
    await settle();
    await leases.kv.delete('u1.gw_a');
    await settle();
    expect(verdicts).toEqual([
      { userId: 'u1', live: true },
      { userId: 'u1', live: false },
    ]);
    expect(leases.listed).toEqual(['u1.*']);
    await watcher.beforeApplicationShutdown();
  });

  it('a lease counts only while its replica beats: the full sweep deletes the dead replica\'s leases and checks their users', async () => {
    const leases = fakeBucket(['u1.gw_dead', 'u2.gw_a', 'u3.gw_dead', 'u3.gw_a']);
    const { watcher, verdicts } = setUp(leases, fakeBucket(['gw_a']));
    watcher.onApplicationBootstrap();
    await settle();
    expect([...leases.entries.keys()].sort()).toEqual(['u2.gw_a', 'u3.gw_a']);
    expect(verdicts.filter((v) => v.userId === 'u1').every((v) => !v.live)).toBe(true);
    expect(verdicts).toContainEqual({ userId: 'u2', live: true });
    expect(verdicts.filter((v) => v.userId === 'u3').every((v) => v.live)).toBe(true);
    await watcher.beforeApplicationShutdown();
  });

  it('between full sweeps, a sweep reads nothing unless a replica stopped beating; then only that replica\'s leases', async () => {
    const leases = fakeBucket(['u1.gw_a', 'u2.gw_b']);
    const replicas = fakeBucket(['gw_a', 'gw_b']);
    const { watcher, verdicts } = setUp(leases, replicas, 0.3);
    watcher.onApplicationBootstrap();
    await settle();
    leases.listed.length = 0;
    verdicts.length = 0;
    await watcher.sweep();
    await watcher.sweep();
    expect(leases.listed).toEqual([]);
    expect(verdicts).toEqual([]);
    // gw_b dies; gw_a keeps beating.
    replicas.ageOut('gw_b');
    const beats = setInterval(() => replicas.put('gw_a'), 100);
    await new Promise((r) => setTimeout(r, 400));
    clearInterval(beats);
    await watcher.sweep();
    await settle();
    expect(leases.listed[0]).toBe('*.gw_b');
    expect([...leases.entries.keys()]).toEqual(['u1.gw_a']);
    expect(verdicts).toContainEqual({ userId: 'u2', live: false });
    expect(verdicts.some((v) => v.userId === 'u1')).toBe(false);
    await watcher.beforeApplicationShutdown();
  });

  it('a replica that just started, not yet seen by the local copy, keeps its users live (the bucket is asked)', async () => {
    const leases = fakeBucket();
    const replicas = fakeBucket();
    const { watcher, verdicts } = setUp(leases, replicas);
    watcher.onApplicationBootstrap();
    await settle();
    replicas.entries.set('gw_new', 1); // in the bucket, its watch event not delivered yet
    leases.entries.set('u1.gw_new', 1);
    leases.entries.set('u1.gw_old', 2);
    await leases.kv.delete('u1.gw_old');
    await settle();
    expect(verdicts).toEqual([{ userId: 'u1', live: true }]);
    await watcher.beforeApplicationShutdown();
  });

  it('shutdown does not hang when it starts while the watch is still being opened', async () => {
    const leases = fakeBucket();
    let open: (() => void) | undefined;
    const slow = { ...leases, kv: { ...leases.kv, watch: () => new Promise((r) => (open = () => r(fakeWatch()))) } as unknown as KV };
    const { watcher } = setUp(slow, fakeBucket());
    watcher.onApplicationBootstrap();
    await settle();
    const stopped = watcher.beforeApplicationShutdown().then(() => 'stopped');
    open!();
    const hung = new Promise((r) => setTimeout(() => r('hung'), 500));
    expect(await Promise.race([stopped, hung])).toBe('stopped');
  });
});
