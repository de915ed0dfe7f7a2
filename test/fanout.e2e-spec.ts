import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS, type Message, type PresenceView, type RoomDetail, SERVER_EVENTS } from '#contracts';
import { befriend, closeSockets, connectSocket, counterValue, EVENT_TIMEOUT_MS, type Gateway, nextEvent, ok, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

/** Deliveries on one machine take milliseconds; "none arrived" is watched this long. */
const QUIET_MS = 500;

const deliveriesHeard = (internalUrl: string) => counterValue(internalUrl, 'gateway_user_deliveries_received_total');
/** Friend and presence notices, all subjects together. */
const noticesHeard = (internalUrl: string) => counterValue(internalUrl, 'gateway_user_notices_received_total');

/** Resolves with the `message:new` whose content is `content`. */
const nextMessage = (socket: Socket, content: string) => nextEvent<Message>(socket, SERVER_EVENTS.messageNew, (m) => m.content === content);

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

  // docs/adr/0012, second amendment: friend and presence notices are routed by user too.
  it('friend and presence notices reach only the replicas holding the addressed user’s sockets', async () => {
    const [dave, erin] = await Promise.all([registerUser(system), registerUser(system)]);
    const daveOnA = await connectSocket(a.baseUrl, dave.accessToken);
    const erinOnB = await connectSocket(b.baseUrl, erin.accessToken);
    await sleep(QUIET_MS);
    const before = { a: await noticesHeard(a.internalUrl), b: await noticesHeard(b.internalUrl), c: await noticesHeard(c.internalUrl) };

    // The request reaches erin on B, the acceptance dave on A.
    const requested = nextEvent<{ user: { id: string } }>(erinOnB, SERVER_EVENTS.friendRequest, (e) => e.user.id === dave.user.id);
    const accepted = nextEvent<{ user: { id: string } }>(daveOnA, SERVER_EVENTS.friendAccepted, (e) => e.user.id === erin.user.id);
    await befriend(system, dave, erin);
    await Promise.all([requested, accepted]);

    // erin leaves B and comes back on C: dave, her only friend, hears both changes on A.
    const offline = nextEvent<PresenceView>(daveOnA, SERVER_EVENTS.presence, (p) => p.userId === erin.user.id && p.onlineStatus === 'offline');
    erinOnB.disconnect();
    await offline;
    const online = nextEvent<PresenceView>(daveOnA, SERVER_EVENTS.presence, (p) => p.userId === erin.user.id && p.onlineStatus === 'online');
    await connectSocket(c.baseUrl, erin.accessToken);
    await online;
    await sleep(QUIET_MS);

    // A: the acceptance and both presence changes, for dave. B: the request, for erin, and nothing after she left.
    // C: nothing, though it now holds erin: no notice was addressed to her after she arrived.
    expect((await noticesHeard(a.internalUrl)) - before.a).toBeGreaterThanOrEqual(3);
    expect((await noticesHeard(b.internalUrl)) - before.b).toBe(1);
    expect(await noticesHeard(c.internalUrl)).toBe(before.c);
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
