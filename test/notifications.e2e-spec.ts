import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Message, PushSubscriptionList, PushSubscriptionRef, RoomDetail, VapidPublicKey } from '#contracts';
import { closeSockets, connectSocket, registerUser, startSystem, type System, type TestUser } from './harness/index.js';
import { type BrowserSubscription, type ReceivedPush, TestPushService } from './harness/push-service.js';

/** Generous: the machine running the suite may be busy (every step below is a few hundred ms when idle). */
const WAIT_MS = 30_000;

async function until<T, U extends T = T>(what: string, read: () => Promise<T> | T, done: (value: T) => value is U, timeoutMs?: number): Promise<U>;
async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Per test: each waits for pushes (WAIT_MS at most per wait) on a machine that may be busy. */
jest.setTimeout(120_000);

describe('notifications: Web Push to offline users', () => {
  let system: System;
  let push: TestPushService;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let room: RoomDetail;
  let vapidKey: string;

  const as = <T = Record<string, unknown>>(user: TestUser | null, method: string, path: string, body?: unknown) =>
    system.request<T>(method, path, { ...(user ? { token: user.accessToken } : {}), ...(body === undefined ? {} : { body }) });
  const post = async (text: string, to: RoomDetail = room): Promise<Message> => {
    const sent = await as<Message>(alice, 'POST', `/api/chat/rooms/${to.id}/messages`, { message: text });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const subscribe = async (user: TestUser, subscription: BrowserSubscription): Promise<string> => {
    const res = await as<PushSubscriptionRef>(user, 'POST', '/api/notifications/push-subscriptions', { endpoint: subscription.endpoint, keys: subscription.keys });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const pushedMessageIds = (subscription: BrowserSubscription) => push.pushesTo(subscription).map((p) => p.payload.messageId);
  /** Waits for the push of `message` to `subscription`; the consumer handles events in order, so every earlier event is settled by then. */
  const pushOf = (subscription: BrowserSubscription, message: Message) =>
    until(`the push of "${message.content}"`, () => push.pushesTo(subscription).find((p) => p.payload.messageId === message.id), (p): p is ReceivedPush => p !== undefined);

  beforeAll(async () => {
    push = await new TestPushService().start();
    // The push service is on loopback over http: allowed only with WEBPUSH_ALLOW_HTTP (the SSRF guard has its unit test).
    system = await startSystem({ env: { WEBPUSH_ALLOW_HTTP: 'true', WEBPUSH_RETRY_BASE_MS: '50' } });
    [alice, bob, carol, dave] = await Promise.all([registerUser(system), registerUser(system), registerUser(system), registerUser(system)]);
    const created = await as<RoomDetail>(alice, 'POST', '/api/chat/rooms', { name: 'push', memberIds: [bob.user.id, carol.user.id, dave.user.id] });
    expect(created.status).toBe(201);
    room = created.body;
    const key = await as<VapidPublicKey>(null, 'GET', '/api/notifications/vapid-public-key');
    expect(key.status).toBe(200);
    vapidKey = key.body.publicKey;
  }, 300_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
    await push?.stop();
  });

  it('serves the VAPID public key without a token: an uncompressed P-256 point', () => {
    const point = Buffer.from(vapidKey, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
  });

  it('keeps subscriptions per user: same endpoint same id, the 10 newest, delete; preferences default and update', async () => {
    const user = await registerUser(system);
    const first = push.subscribe();
    const id = await subscribe(user, first);
    expect(await subscribe(user, first)).toBe(id);
    const more = Array.from({ length: 10 }, () => push.subscribe());
    for (const s of more) await subscribe(user, s);
    const list = await as<PushSubscriptionList>(user, 'GET', '/api/notifications/push-subscriptions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.endpoint).sort()).toEqual(more.map((s) => s.endpoint).sort());
    expect(list.body.items.every((i) => i.lastSuccessAt === null)).toBe(true);
    // Someone else's subscription is as unknown as a missing one.
    expect((await as(bob, 'DELETE', `/api/notifications/push-subscriptions/${list.body.items[0]?.id}`)).status).toBe(404);
    expect((await as(user, 'DELETE', `/api/notifications/push-subscriptions/${list.body.items[0]?.id}`)).status).toBe(204);
    expect((await as(user, 'DELETE', `/api/notifications/push-subscriptions/${list.body.items[0]?.id}`)).status).toBe(404);
    expect((await as(user, 'DELETE', '/api/notifications/push-subscriptions/not-an-id')).status).toBe(404);
    const invalid = await as(user, 'POST', '/api/notifications/push-subscriptions', { endpoint: 'ftp://example.com/x', keys: first.keys });
    expect(invalid.status).toBe(400);

    expect((await as(user, 'GET', '/api/notifications/preferences')).body).toEqual({ push: true, email: 'never' });
    const put = await as(user, 'PUT', '/api/notifications/preferences', { push: false, email: 'mentions' });
    expect(put.status).toBe(200);
    expect((await as(user, 'GET', '/api/notifications/preferences')).body).toEqual({ push: false, email: 'mentions' });
    expect((await as(user, 'PUT', '/api/notifications/preferences', { push: 'yes', email: 'sometimes' })).status).toBe(400);
  });

  it('pushes a message to an offline member: VAPID-signed, aes128gcm, with the API payload; lastSuccessAt is recorded', async () => {
    const bobPhone = push.subscribe();
    const bobPhoneId = await subscribe(bob, bobPhone);
    const text = `${'héllo 👋 '.repeat(20)}end`;
    const message = await post(text);
    const received = await pushOf(bobPhone, message);
    expect(received.payload).toEqual({
      type: 'message',
      conversationId: room.id,
      messageId: message.id,
      seq: message.seq,
      senderName: alice.user.displayName,
      preview: Array.from(text).slice(0, 120).join(''),
    });
    expect(received.vapidKey).toBe(vapidKey);
    expect(received.headers.urgency).toBe('normal');
    expect(Number(received.headers.ttl)).toBeGreaterThan(0);
    expect(received.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(push.errors).toEqual([]);
    // The sender hears nothing about their own message.
    const list = await until(
      "bob's lastSuccessAt",
      async () => (await as<PushSubscriptionList>(bob, 'GET', '/api/notifications/push-subscriptions')).body.items,
      (items) => items.some((i) => i.id === bobPhoneId && i.lastSuccessAt !== null),
    );
    expect(list).toHaveLength(1);
  });

  it('pushes nothing to a member with a connected socket, nor to one who turned pushes off', async () => {
    const bobPhone = push.subscribe();
    await subscribe(bob, bobPhone);
    const carolPhone = push.subscribe();
    await subscribe(carol, carolPhone);
    const davePhone = push.subscribe();
    await subscribe(dave, davePhone);
    expect((await as(dave, 'PUT', '/api/notifications/preferences', { push: false, email: 'never' })).status).toBe(200);
    await connectSocket(system.baseUrl, carol.accessToken);
    await until(
      'carol online',
      async () => (await as<{ onlineStatus: string }>(alice, 'GET', `/api/users/${carol.user.id}`)).body.onlineStatus,
      (status) => status === 'online',
    );
    const message = await post('while carol is here');
    // Events are handled one at a time: once bob has the later message, the earlier one is settled for everyone.
    const later = await post('a later one');
    await pushOf(bobPhone, later);
    expect(pushedMessageIds(bobPhone)).toEqual([message.id, later.id]);
    expect(push.requestsTo(carolPhone)).toBe(0);
    expect(push.requestsTo(davePhone)).toBe(0);
    closeSockets();
    expect((await as(dave, 'PUT', '/api/notifications/preferences', { push: true, email: 'never' })).status).toBe(200);
  });

  it('pushes nothing for a conversation whose level is none', async () => {
    const level = await as(dave, 'PUT', `/api/chat/conversations/${room.id}/notifications`, { level: 'none' });
    if (level.status === 404) {
      // Conversation levels come with the messaging extras (API.md); until they exist every member is at `all`.
      process.stdout.write('[notifications e2e] level none: skipped because PUT /api/chat/conversations/:id/notifications does not exist yet\n');
      return;
    }
    expect(level.status).toBe(200);
    const bobPhone = push.subscribe();
    await subscribe(bob, bobPhone);
    const davePhone = push.subscribe();
    await subscribe(dave, davePhone);
    const message = await post('dave muted this room');
    await pushOf(bobPhone, message);
    expect(push.requestsTo(davePhone)).toBe(0);
    expect((await as(dave, 'PUT', `/api/chat/conversations/${room.id}/notifications`, { level: 'all' })).status).toBe(200);
  });

  it('follows membership from one message to the next: a member added hears the next message, one who left hears nothing more', async () => {
    // Chat names each message's recipients from its cached member lists: this checks they stay current.
    const newcomer = await registerUser(system);
    const newcomerPhone = push.subscribe();
    await subscribe(newcomer, newcomerPhone);
    const bobPhone = push.subscribe();
    await subscribe(bob, bobPhone);
    const room2 = (await as<RoomDetail>(alice, 'POST', '/api/chat/rooms', { name: 'comings and goings', memberIds: [bob.user.id] })).body;
    const before = await post('before the newcomer', room2);
    await pushOf(bobPhone, before);
    expect((await as(alice, 'POST', `/api/chat/rooms/${room2.id}/members`, { userId: newcomer.user.id })).status).toBe(204);
    const welcome = await post('welcome', room2);
    await pushOf(newcomerPhone, welcome);
    expect(pushedMessageIds(newcomerPhone)).toEqual([welcome.id]);
    expect((await as(bob, 'POST', `/api/chat/rooms/${room2.id}/leave`)).status).toBe(204);
    const after = await post('after bob left', room2);
    await pushOf(newcomerPhone, after);
    expect(pushedMessageIds(bobPhone)).toEqual([before.id, welcome.id]);
  });

  it('removes a subscription the push service answers 410, and retries 429/503 until it is accepted', async () => {
    const user = await registerUser(system);
    const solo = await as<RoomDetail>(alice, 'POST', '/api/chat/rooms', { name: 'gone', memberIds: [user.user.id] });
    const gone = push.subscribe([410]);
    const flaky = push.subscribe([503, 429, 201]);
    await subscribe(user, gone);
    const flakyId = await subscribe(user, flaky);
    const message = await post('anyone there?', solo.body);
    const received = await pushOf(flaky, message);
    expect(received.payload.messageId).toBe(message.id);
    expect(push.requestsTo(flaky)).toBe(3);
    expect(push.requestsTo(gone)).toBe(1);
    const items = await until(
      'the gone subscription removed',
      async () => (await as<PushSubscriptionList>(user, 'GET', '/api/notifications/push-subscriptions')).body.items,
      (list) => list.length === 1,
    );
    expect(items.map((i) => i.id)).toEqual([flakyId]);
  });

  it.each([
    ['SIGTERM', 'a restart'],
    ['SIGKILL', 'a crash'],
  ] as const)('%s during a burst (%s): no message pushed twice, none lost, and it catches up with what came while it was down', async (signal, _what) => {
    const user = await registerUser(system);
    const burstRoom = await as<RoomDetail>(alice, 'POST', '/api/chat/rooms', { name: `burst ${signal}`, memberIds: [user.user.id] });
    const phone = push.subscribe();
    await subscribe(user, phone);
    const sent: Message[] = [];
    for (let i = 0; i < 15; i++) sent.push(await post(`burst ${i}`, burstRoom.body));
    // Stop it in the middle of the burst: some pushes are out, others not yet.
    await until('the first pushes of the burst', () => push.pushesTo(phone).length, (n) => n >= 3);
    const service = system.processOf('notifications');
    if (signal === 'SIGKILL') service?.kill('SIGKILL');
    await system.stopService('notifications');
    // SIGTERM: it finished by itself (Nest re-raises SIGTERM after its shutdown hooks; the harness would SIGKILL it after 5 s).
    if (signal === 'SIGTERM') expect(service?.signalCode).not.toBe('SIGKILL');
    for (let i = 15; i < 25; i++) sent.push(await post(`burst ${i}`, burstRoom.body));
    await system.startService('notifications');
    const sentIds = sent.map((m) => m.id);
    // After a SIGKILL the events fetched but not acked come back after the ack wait (30 s).
    const lostAtMost = signal === 'SIGKILL' ? 1 : 0;
    // Every one, or (after a SIGKILL) all but the one the crash window may have taken, once the ack wait has passed.
    await until('the burst pushed', () => new Set(pushedMessageIds(phone)).size, (n) => n >= sentIds.length, 90_000).catch((error: unknown) => {
      if (lostAtMost === 0 || new Set(pushedMessageIds(phone)).size < sentIds.length - lostAtMost) throw error;
    });
    // A last message, handled after every redelivery that was due: any duplicate would have arrived by then.
    const last = await post('after the burst', burstRoom.body);
    await pushOf(phone, last);
    const pushed = pushedMessageIds(phone).filter((id) => id !== last.id);
    expect(pushed.length).toBe(new Set(pushed).size);
    const missing = sentIds.filter((id) => !pushed.includes(id));
    // A SIGKILL between a claim and its request loses that one push (never a duplicate): docs/adr/0014.
    expect(missing.length).toBeLessThanOrEqual(lostAtMost);
    if (missing.length > 0) process.stdout.write(`[notifications e2e] ${signal}: ${missing.length} push lost in the crash window\n`);
    expect(push.errors).toEqual([]);
  }, 180_000);
});
