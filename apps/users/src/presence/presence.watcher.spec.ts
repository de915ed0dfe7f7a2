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
  const watch = {
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
  return watch;
}

function setUp(openWatch: () => Promise<ReturnType<typeof fakeWatch>>) {
  const listed: string[] = [];
  const kv = {
    watch: openWatch,
    keys: async (filter?: string) => {
      listed.push(filter ?? '>');
      return (async function* () {})();
    },
  } as unknown as KV;
  const verdicts: { userId: string; live: boolean }[] = [];
  const presence = {
    reconcile: async (userId: string, isLive: () => Promise<boolean>) => void verdicts.push({ userId, live: await isLive() }),
    onlineIds: async () => [],
  } as unknown as PresenceService;
  const watcher = new PresenceWatcher(presence, {} as RpcClient, { PRESENCE_TTL_SECONDS: 30, NATS_NAMESPACE: 'x' } as UsersEnv);
  // The bucket as if already opened (the real one needs a NATS connection).
  (watcher as unknown as { kv: KV }).kv = kv;
  return { watcher, listed, verdicts };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

describe('PresenceWatcher', () => {
  it('a lease written is "live" without listing the bucket; a lease deleted re-reads the user\'s keys', async () => {
    const watch = fakeWatch();
    const { watcher, listed, verdicts } = setUp(async () => watch);
    watcher.onApplicationBootstrap();
    await settle();
    listed.length = 0; // the initial sweep
    watch.push({ key: 'u1.gw_a', operation: 'PUT' });
    watch.push({ key: 'u1.gw_a', operation: 'DEL' });
    await settle();
    expect(verdicts).toEqual([
      { userId: 'u1', live: true },
      { userId: 'u1', live: false },
    ]);
    expect(listed).toEqual(['u1.*']);
    await watcher.beforeApplicationShutdown();
  });

  it('shutdown does not hang when it starts while the watch is still being opened', async () => {
    const watch = fakeWatch();
    let open: (() => void) | undefined;
    const { watcher } = setUp(() => new Promise((r) => (open = () => r(watch))));
    watcher.onApplicationBootstrap();
    await settle();
    const stopped = watcher.beforeApplicationShutdown().then(() => 'stopped');
    open!();
    const hung = new Promise((r) => setTimeout(() => r('hung'), 500));
    expect(await Promise.race([stopped, hung])).toBe('stopped');
  });
});
