import { describe, expect, it } from '@jest/globals';
import type { RpcClient } from '#common';
import type { GatewayEnv } from '../gateway.env.js';
import { PresenceLeases, type PresenceStore } from './presence-leases.service.js';

/** A store whose writes complete when the test says so, to reorder them at will. */
function slowStore() {
  const keys = new Set<string>();
  const pending: (() => void)[] = [];
  const later = (apply: () => void) => new Promise<number>((r) => pending.push(() => (apply(), r(0))));
  const store = {
    put: (key: string) => later(() => keys.add(key)),
    delete: (key: string) => later(() => keys.delete(key)).then(() => undefined),
  } as unknown as PresenceStore;
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
  return { store, keys, flush };
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

  it('re-writes the held leases on each heartbeat and gives them back at shutdown', async () => {
    const { store, keys, flush } = slowStore();
    const presence = leases();
    presence.useStore(store);
    presence.add('a');
    presence.add('b');
    await flush();
    keys.clear();
    const beat = presence.beat();
    await flush();
    await beat;
    expect(keys.size).toBe(2);
    const stop = presence.beforeApplicationShutdown();
    await flush();
    await stop;
    expect(keys.size).toBe(0);
  });

  it('after shutdown gave the leases back, sockets closing or a late handshake write nothing', async () => {
    const { store, keys, flush } = slowStore();
    const writes: string[] = [];
    const counting: PresenceStore = {
      put: (key, value) => (writes.push(`put ${key}`), store.put(key, value)),
      delete: (key) => (writes.push(`delete ${key}`), store.delete(key)),
    };
    const presence = leases();
    presence.useStore(counting);
    presence.add('a');
    await flush();
    const stop = presence.beforeApplicationShutdown();
    await flush();
    await stop;
    writes.length = 0;
    // Nest closes the sockets after the shutdown hook; a handshake that was under way may still complete.
    presence.remove('a');
    presence.add('late');
    await flush();
    expect(writes).toEqual([]);
    expect(keys.size).toBe(0);
    expect(presence.isHeld('late')).toBe(false);
  });
});
