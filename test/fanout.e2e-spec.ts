import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS, type Message, type RoomDetail, SERVER_EVENTS } from '#contracts';
import { closeSockets, connectSocket, EVENT_TIMEOUT_MS, type Gateway, ok, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

/** Deliveries on one machine take milliseconds; "none arrived" is watched this long. */
const QUIET_MS = 500;

/** Chat deliveries a replica heard on NATS (its internal /metrics). */
async function deliveriesHeard(internalUrl: string): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const match = text.match(/^gateway_user_deliveries_received_total (\d+)/m);
  if (!match) throw new Error('gateway_user_deliveries_received_total missing from /metrics');
  return Number(match[1]);
}

/** Resolves with the `message:new` whose content is `content`. */
function nextMessage(socket: Socket, content: string): Promise<Message> {
  return new Promise((resolveMessage, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message:new "${content}"`)), EVENT_TIMEOUT_MS);
    const listener = (message: Message) => {
      if (message.content !== content) return;
      clearTimeout(timer);
      socket.off(SERVER_EVENTS.messageNew, listener);
      resolveMessage(message);
    };
    socket.on(SERVER_EVENTS.messageNew, listener);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// docs/adr/0012: chat deliveries go to `chat.deliver.user.<userId>`, heard only where that user has sockets.
describe('fan-out routed by user over 3 gateway replicas', () => {
  let system: System;
  let a: Pick<Gateway, 'baseUrl' | 'internalUrl'>;
  let b: Gateway;
  let c: Gateway;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    system = await startSystem();
    a = { baseUrl: system.baseUrl, internalUrl: system.internalUrl };
    // One after the other: the harness names a replica by how many it started before.
    b = await system.startGateway();
    c = await system.startGateway();
    [alice, bob, carol] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
  }, 60_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('a replica with no socket of a conversation’s members hears none of its deliveries; one with a member’s socket hears only that', async () => {
    const aliceOnA = await connectSocket(a.baseUrl, alice.accessToken);
    const bobOnA = await connectSocket(a.baseUrl, bob.accessToken);
    await connectSocket(b.baseUrl, carol.accessToken);
    const before = { a: await deliveriesHeard(a.internalUrl), b: await deliveriesHeard(b.internalUrl), c: await deliveriesHeard(c.internalUrl) };

    for (let i = 0; i < 10; i += 1) {
      const arrived = nextMessage(bobOnA, `hi ${i}`);
      await ok(aliceOnA, CLIENT_EVENTS.messageSend, { recipientId: bob.user.id, content: `hi ${i}`, clientMsgId: `fanout-${i}` });
      await arrived;
    }
    await sleep(QUIET_MS);
    // A holds both members: it heard each message (and the conversation:new) once per member.
    expect((await deliveriesHeard(a.internalUrl)) - before.a).toBeGreaterThanOrEqual(20);
    // B holds carol only, C nobody: neither heard any of alice and bob's traffic.
    expect(await deliveriesHeard(b.internalUrl)).toBe(before.b);
    expect(await deliveriesHeard(c.internalUrl)).toBe(before.c);
  });

  it('a user on two replicas gets each delivery on both; after leaving one, that replica hears nothing more', async () => {
    const aliceOnA = await connectSocket(a.baseUrl, alice.accessToken);
    const bobOnA = await connectSocket(a.baseUrl, bob.accessToken);
    const bobOnC = await connectSocket(c.baseUrl, bob.accessToken);
    const onA = nextMessage(bobOnA, 'both');
    const onC = nextMessage(bobOnC, 'both');
    await ok(aliceOnA, CLIENT_EVENTS.messageSend, { recipientId: bob.user.id, content: 'both', clientMsgId: 'fanout-both' });
    await Promise.all([onA, onC]);

    bobOnC.disconnect();
    await sleep(QUIET_MS);
    const heardByC = await deliveriesHeard(c.internalUrl);
    const stillOnA = nextMessage(bobOnA, 'after');
    await ok(aliceOnA, CLIENT_EVENTS.messageSend, { recipientId: bob.user.id, content: 'after', clientMsgId: 'fanout-after' });
    await stillOnA;
    await sleep(QUIET_MS);
    expect(await deliveriesHeard(c.internalUrl)).toBe(heardByC);
  });

  // docs/adr/0012, amendment: a replica handles the copies of one delivery that arrive together once, for all their users.
  it('a room message reaches every member socket exactly once and in order, across replicas, while three members send at once', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => registerUser(system)));
    const [owner, ...others] = members as [TestUser, ...TestUser[]];
    const created = await system.request<RoomDetail>('POST', '/api/chat/rooms', {
      token: owner.accessToken,
      body: { name: 'fanout room', memberIds: others.map((m) => m.user.id) },
    });
    expect(created.status).toBe(201);
    const roomId = created.body.id;
    // Two sockets of one user on A, members on A only, on B only, and one member on both replicas.
    const placement: [TestUser, string][] = [
      [members[0], a.baseUrl],
      [members[1], a.baseUrl],
      [members[1], a.baseUrl],
      [members[2], a.baseUrl],
      [members[3], b.baseUrl],
      [members[4], b.baseUrl],
      [members[5], a.baseUrl],
      [members[5], b.baseUrl],
    ];
    const sockets = await Promise.all(placement.map(([m, url]) => connectSocket(url, m.accessToken)));
    const got = sockets.map((socket) => {
      const seqs: number[] = [];
      socket.on(SERVER_EVENTS.messageNew, (message: Message) => void (message.conversationId === roomId && seqs.push(message.seq)));
      return seqs;
    });

    const PER_SENDER = 10;
    const senders = [sockets[0], sockets[3], sockets[4]];
    const acks = await Promise.all(
      senders.flatMap((socket, s) =>
        Array.from({ length: PER_SENDER }, (_, i) =>
          ok<Message>(socket, CLIENT_EVENTS.messageSend, { conversationId: roomId, content: `burst ${s}.${i}`, clientMsgId: `fanout-burst-${s}-${i}` }),
        ),
      ),
    );
    const total = senders.length * PER_SENDER;
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    while (got.some((seqs) => seqs.length < total) && Date.now() < deadline) await sleep(50);
    await sleep(QUIET_MS);

    const stored = acks.map((m) => m.seq).sort((x, y) => x - y);
    // Each socket: every message once (no loss, no duplicate), in the order chat stored them.
    for (const seqs of got) expect(seqs).toEqual(stored);
  });
});
