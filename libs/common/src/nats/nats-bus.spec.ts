import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHAT_BROADCASTS, type FriendBroadcast, type PresenceView, type PublicUser, SERVER_EVENTS, type UserDelivery, USERS_BROADCASTS } from '#contracts';
import { NatsBus } from './nats-bus.js';
import { RpcClient } from './rpc-client.js';

// Against a real NATS (the e2e one, 127.0.0.1:4222): what a gateway replica hears through its one subscription per user.
const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = `spec-${randomUUID().slice(0, 8)}`;

describe('NatsBus per-user subjects: one wildcard subscription per user', () => {
  const options = { servers, namespace, timeoutMs: 1000, name: 'nats-bus-spec' };
  const receiverRpc = new RpcClient(options);
  const senderRpc = new RpcClient(options);
  const receiver = new NatsBus(receiverRpc, options);
  const sender = new NatsBus(senderRpc, options);
  const heard: [string, string[], unknown][] = [];
  const user = { id: 'u9', username: 'nine' } as PublicUser;
  const delivery: UserDelivery = { event: SERVER_EVENTS.typing, data: { conversationId: 'c1', userId: 'u9', isTyping: true } };
  const view: PresenceView = { userId: 'u9', onlineStatus: 'online', lastSeenAt: null };
  const notice: FriendBroadcast = { event: SERVER_EVENTS.friendRequest, user };

  /** Whatever arrives within a round trip of both connections, then what was heard since the last call. */
  async function settle(): Promise<[string, string[], unknown][]> {
    await senderRpc.connection().flush();
    await receiverRpc.connection().flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return heard.splice(0);
  }

  beforeAll(async () => {
    await Promise.all([receiverRpc.onApplicationBootstrap(), senderRpc.onApplicationBootstrap()]);
    receiver.onUserBroadcast(CHAT_BROADCASTS.delivery, (userIds, payload) => heard.push(['delivery', [...userIds], payload]));
    receiver.onUserBroadcast(USERS_BROADCASTS.presence, (userIds, payload) => heard.push(['presence', [...userIds], payload]));
    receiver.onUserBroadcast(USERS_BROADCASTS.friend, (userIds, payload) => heard.push(['friend', [...userIds], payload]));
  });

  afterAll(async () => {
    await Promise.all([receiverRpc.onApplicationShutdown(), senderRpc.onApplicationShutdown()]);
  });

  it('hears every per-user subject of the users it subscribed, each at its handler, in arrival order, and nobody else’s', async () => {
    const stopA = receiver.subscribeUser('ua');
    const stopB = receiver.subscribeUser('ub');
    await receiver.flush();

    sender.publishToUsers(CHAT_BROADCASTS.delivery, ['ua', 'ub', 'uc'], delivery);
    sender.publishToUsers(USERS_BROADCASTS.presence, ['ub', 'uc'], view);
    sender.publishToUsers(USERS_BROADCASTS.friend, ['ua'], notice);
    sender.publishToUsers(CHAT_BROADCASTS.delivery, ['uc'], delivery);
    expect(await settle()).toEqual([
      ['delivery', ['ua', 'ub'], delivery],
      ['presence', ['ub'], view],
      ['friend', ['ua'], notice],
    ]);

    // Unsubscribed: ua hears nothing more, ub still does.
    stopA();
    await receiver.flush();
    sender.publishToUsers(USERS_BROADCASTS.presence, ['ua', 'ub'], view);
    expect(await settle()).toEqual([['presence', ['ub'], view]]);
    stopB();
  });

  it('drops a per-user subject it has no handler for (a process that handles deliveries only hears no presence)', async () => {
    const deliveriesOnly = new NatsBus(receiverRpc, options);
    const got: string[] = [];
    deliveriesOnly.onUserBroadcast(CHAT_BROADCASTS.delivery, (userIds) => got.push(`delivery ${userIds.join()}`));
    const stop = deliveriesOnly.subscribeUser('ud');
    await deliveriesOnly.flush();
    sender.publishToUsers(USERS_BROADCASTS.presence, ['ud'], view);
    sender.publishToUsers(CHAT_BROADCASTS.delivery, ['ud'], delivery);
    await settle();
    expect(got).toEqual(['delivery ud']);
    stop();
  });

  it('refuses a user id that is not one subject token (it would address other users)', () => {
    expect(() => receiver.subscribeUser('a.b')).toThrow('not a subject token');
    expect(() => receiver.subscribeUser('*')).toThrow('not a subject token');
    expect(() => sender.publishToUsers(USERS_BROADCASTS.friend, ['>'], notice)).toThrow('not a subject token');
  });
});
