import { describe, expect, it } from '@jest/globals';
import type { RpcClient } from '#common';
import type { GatewayEnv } from '../gateway.env.js';
import { PresenceLeases, type PresenceStore } from './presence-leases.service.js';

/** Stores whose writes complete when the test says so, to reorder them at will; `writes` logs what reached them. */
function slowStore() {
  const keys = new Set<string>();
  const heartbeats = new Map<string, number>();
  const writes: string[] = [];
  const pending: (() => void)[] = [];
  let revision = 0;
  const later = <T>(apply: () => T) =>
    new Promise<T>((resolve, reject) =>
      pending.push(() => {
        try {
          resolve(apply());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
  const store: PresenceStore = {
    leases: {
      put: (key: string) => (writes.push(`put ${key}`), later(() => (keys.add(key), ++revision))),
      delete: (key: string) => (writes.push(`delete ${key}`), later(() => void keys.delete(key))),
    },
    replicas: {
      put: (key: string) => (writes.push(`beat ${key}`), later(() => (heartbeats.set(key, ++revision), revision))),
      update: (key: string, _value: unknown, last: number) =>
        (writes.push(`beat ${key}`),
        later(() => {
          if (heartbeats.get(key) !== last) throw new Error('wrong last sequence');
          heartbeats.set(key, ++revision);
          return revision;
        })),
      delete: (key: string) => (writes.push(`stop ${key}`), later(() => void heartbeats.delete(key))),
    },
  };
  /** Completes the writes one by one, in the order they reached the store, until none come for a while. */
  const flush = async () => {
    for (let idle = 0; idle < 3; ) {
      await new Promise((r) => setImmediate(r));
      if (pending.length === 0) idle++;
      else {
        idle = 0;
        pending.shift()!();
      }
    }
  };
  return { store, keys, heartbeats, writes, flush };
}

const leases = () => new PresenceLeases({ PRESENCE_TTL_SECONDS: 30, NATS_NAMESPACE: 'x' } as GatewayEnv, {} as RpcClient);

describe('PresenceLeases', () => {
  it('holds one lease per user while any of their sockets is here', async () => {
    const { store, keys, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    presence.add('u1');
    presence.add('u1');
    await flush();
    expect([...keys]).toEqual([`u1.${presence.replicaId}`]);
    presence.remove('u1');
    await flush();
    expect(keys.size).toBe(1);
    presence.remove('u1');
    await flush();
    expect(keys.size).toBe(0);
    expect(presence.isHeld('u1')).toBe(false);
  });

  it('a quick disconnect and reconnect ends with the lease held, whatever order the writes were asked in', async () => {
    const { store, keys, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    presence.add('u1');
    presence.remove('u1');
    presence.add('u1');
    await flush();
    expect([...keys]).toEqual([`u1.${presence.replicaId}`]);
    presence.remove('u1');
    presence.add('u1');
    presence.remove('u1');
    await flush();
    expect(keys.size).toBe(0);
  });

  it('a heartbeat writes one key whatever the number of users; shutdown gives the leases back, then the heartbeat', async () => {
    const { store, keys, heartbeats, writes, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    const first = presence.beat();
    await flush();
    await first;
    for (const user of ['a', 'b', 'c']) presence.add(user);
    await flush();
    writes.length = 0;
    for (let i = 0; i < 3; i++) {
      const beat = presence.beat();
      await flush();
      await beat;
    }
    expect(writes).toEqual([1, 2, 3].map(() => `beat ${presence.replicaId}`));
    expect(keys.size).toBe(3);
    const stop = presence.beforeApplicationShutdown();
    await flush();
    await stop;
    expect(keys.size).toBe(0);
    expect(heartbeats.size).toBe(0);
  });

  it('a heartbeat that finds its key gone (aged out, or the bucket lost) writes it again, then every lease', async () => {
    const { store, keys, heartbeats, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    const first = presence.beat();
    await flush();
    await first;
    presence.add('a');
    presence.add('b');
    await flush();
    // This replica stalled past the TTL: its heartbeat aged out and the users service collected its leases.
    heartbeats.clear();
    keys.clear();
    const beat = presence.beat();
    await flush();
    await beat;
    expect(heartbeats.has(presence.replicaId)).toBe(true);
    expect([...keys].sort()).toEqual([`a.${presence.replicaId}`, `b.${presence.replicaId}`]);
  });

  it('after shutdown gave the leases back, sockets closing or a late handshake write nothing', async () => {
    const { store, keys, writes, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    presence.add('a');
    await flush();
    const stop = presence.beforeApplicationShutdown();
    await flush();
    await stop;
    writes.length = 0;
    // Nest closes the sockets after the shutdown hook; a handshake that was under way may still complete.
    presence.remove('a');
    presence.add('late');
    await presence.beat();
    await flush();
    expect(writes).toEqual([]);
    expect(keys.size).toBe(0);
    expect(presence.isHeld('late')).toBe(false);
  });

  it('a lease delete that failed is retried with the next heartbeat, not left to count while this replica lives', async () => {
    const { store, keys, flush } = slowStore();
    const presence = leases();
    let failNext = false;
    presence.useStore({
      ...store,
      leases: { put: store.leases.put, delete: (key) => (failNext ? ((failNext = false), Promise.reject(new Error('timeout'))) : store.leases.delete(key)) },
    });
    const first = presence.beat();
    await flush();
    await first;
    presence.add('a');
    await flush();
    failNext = true;
    presence.remove('a');
    await flush();
    expect(keys.size).toBe(1);
    const beat = presence.beat();
    await flush();
    await beat;
    expect(keys.size).toBe(0);
  });
});
