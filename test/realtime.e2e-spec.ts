import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import type { Socket } from 'socket.io-client';
import {
  type Ack,
  CLIENT_EVENTS,
  type Conversation,
  type Message,
  presenceKeysOf,
  presenceLeasesBucketName,
  presenceReplicasBucketName,
  type PresenceView,
  type ReadPosition,
  SERVER_EVENTS,
  type SyncBatch,
} from '#contracts';
import {
  befriend,
  closeSockets,
  connectSocket,
  craftJwt,
  emit,
  EVENT_TIMEOUT_MS,
  freePort,
  ok,
  refusal,
  registerUser,
  socketTo,
  startSystem,
  type System,
  type TestUser,
} from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** How long "does not arrive" is watched for: deliveries on one machine take milliseconds. */
const QUIET_MS = 500;

type AnyAck = Ack<unknown>;

const connect = connectSocket;

/** Records every event a socket receives, so tests can wait for one or check that one never came. */
class Inbox {
  readonly events: { event: string; data: unknown }[] = [];
  private readonly waiters: { match: (event: string, data: unknown) => boolean; done: (data: unknown) => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, data: unknown) => {
      this.events.push({ event, data });
      for (const waiter of [...this.waiters]) {
        if (waiter.match(event, data)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.done(data);
        }
      }
    });
  }

  /** The first event named `event` (already received or to come) whose data passes `where`. */
  next<T>(event: string, where: (data: T) => boolean = () => true, timeoutMs = EVENT_TIMEOUT_MS): Promise<T> {
    const match = (name: string, data: unknown) => name === event && where(data as T);
    const seen = this.events.find((e) => match(e.event, e.data));
    if (seen) return Promise.resolve(seen.data as T);
    return new Promise<T>((resolveEvent, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, done: (data) => (clearTimeout(timer), resolveEvent(data as T)) });
    });
  }

  of<T>(event: string): T[] {
    return this.events.filter((e) => e.event === event).map((e) => e.data as T);
  }
}

const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS));

/**
 * A gateway replica this file owns (the harness stops its processes with SIGTERM; the crash test needs
 * SIGKILL, which gives the replica no chance to give its presence leases back).
 */
async function spawnGateway(system: System): Promise<{ baseUrl: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/gateway/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...system.env, PORT: String(port), METRICS_PORT: String(await freePort()) },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(1000) })).ok) return { baseUrl, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the extra gateway replica did not become healthy');
}

afterAll(() => closeSockets());

/** The JetStream stream behind one of the namespace's presence buckets: its name and the subjects its writes go to. */
async function presenceStream(nats: NatsConnection, bucket: string): Promise<{ name: string; subjects: string[] }> {
  const { config } = (await (await new Kvm(nats).open(bucket)).status()).streamInfo;
  return { name: config.name, subjects: config.subjects ?? [] };
}

describe('real-time (Socket.IO) through the gateway', () => {
  let system: System;
  let gateway2: string;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let directId: string;

  beforeAll(async () => {
    system = await startSystem();
    gateway2 = (await system.startGateway()).baseUrl;
    [alice, bob, carol] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
    const first = await system.request<Message>('POST', '/api/chat/send', {
      token: alice.accessToken,
      body: { recipientId: bob.user.id, message: 'hello over REST' },
    });
    expect(first.status).toBe(201);
    directId = first.body.conversationId;
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  describe('handshake', () => {
    it('refuses a missing, malformed, forged or revoked token with connect_error UNAUTHORIZED', async () => {
      expect(await refusal(system.baseUrl, {})).toBe('UNAUTHORIZED');
      expect(await refusal(system.baseUrl, { token: 'not-a-jwt' })).toBe('UNAUTHORIZED');
      const forged = craftJwt({ sub: alice.user.id, sid: alice.user.id, exp: Math.floor(Date.now() / 1000) + 60 }, 'x'.repeat(40));
      expect(await refusal(system.baseUrl, { token: forged })).toBe('UNAUTHORIZED');
      const unsigned = craftJwt({ sub: alice.user.id, sid: alice.user.id }, '', 'none');
      expect(await refusal(system.baseUrl, { query: { token: unsigned } })).toBe('UNAUTHORIZED');

      const dave = await registerUser(system);
      expect((await system.request('POST', '/api/auth/logout', { token: dave.accessToken })).status).toBe(204);
      expect(await refusal(system.baseUrl, { token: dave.accessToken })).toBe('UNAUTHORIZED');
      expect(await refusal(system.baseUrl, { query: { token: dave.accessToken } })).toBe('UNAUTHORIZED');
    });

    it('accepts the token in auth.token or in ?token=', async () => {
      const viaAuth = await connect(system.baseUrl, alice.accessToken);
      expect(viaAuth.connected).toBe(true);
      const viaQuery = socketTo(system.baseUrl, { query: { token: alice.accessToken } });
      await new Promise<void>((r, reject) => (viaQuery.once('connect', () => r()), viaQuery.once('connect_error', reject)));
      viaAuth.disconnect();
      viaQuery.disconnect();
    });
  });

  describe('messages', () => {
    it('acks message:send with the stored message; a repeated clientMsgId returns the same one', async () => {
      const socket = await connect(system.baseUrl, alice.accessToken);
      const sent = await ok<Message>(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'hi bob', clientMsgId: 'sock-1' });
      expect(sent).toMatchObject({ conversationId: directId, senderId: alice.user.id, content: 'hi bob', clientMsgId: 'sock-1', editedAt: null, deletedAt: null });
      const again = await ok<Message>(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'hi bob', clientMsgId: 'sock-1' });
      expect(again).toEqual(sent);
      const history = await system.request<{ items: Message[] }>('GET', `/api/chat/conversations/${directId}/messages?after=0`, { token: bob.accessToken });
      expect(history.body.items.filter((m) => m.clientMsgId === 'sock-1')).toHaveLength(1);

      // By recipient: the direct conversation, created on first use.
      const toCarol = await ok<Message>(socket, CLIENT_EVENTS.messageSend, { recipientId: carol.user.id, content: 'hi carol', clientMsgId: 'sock-2' });
      expect(toCarol).toMatchObject({ seq: 1, senderId: alice.user.id, content: 'hi carol' });
      socket.disconnect();
    });

    it('delivers message:new to every socket of every member, the sender\'s other sockets included, across replicas', async () => {
      const aliceOne = new Inbox(await connect(system.baseUrl, alice.accessToken));
      const aliceTwo = new Inbox(await connect(gateway2, alice.accessToken));
      const bobOne = new Inbox(await connect(gateway2, bob.accessToken));
      const bobTwo = new Inbox(await connect(system.baseUrl, bob.accessToken));
      const carolSocket = new Inbox(await connect(system.baseUrl, carol.accessToken));

      const sent = await ok<Message>(aliceOne.socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'to everyone', clientMsgId: 'fanout-1' });
      for (const inbox of [aliceOne, aliceTwo, bobOne, bobTwo]) {
        expect(await inbox.next<Message>(SERVER_EVENTS.messageNew, (m) => m.id === sent.id)).toEqual(sent);
      }
      // Sent over REST on replica 2, received on replica 1 too.
      const viaRest = await system.request<Message>('POST', '/api/chat/send', { token: bob.accessToken, body: { recipientId: alice.user.id, message: 'from REST' } }, gateway2);
      expect(await aliceOne.next<Message>(SERVER_EVENTS.messageNew, (m) => m.id === viaRest.body.id)).toEqual(viaRest.body);
      await quiet();
      expect(carolSocket.of<Message>(SERVER_EVENTS.messageNew).filter((m) => m.conversationId === directId)).toEqual([]);
      // Exactly once per socket, although the sender is in the audience too.
      expect(aliceTwo.of<Message>(SERVER_EVENTS.messageNew).filter((m) => m.id === sent.id)).toHaveLength(1);
      for (const inbox of [aliceOne, aliceTwo, bobOne, bobTwo, carolSocket]) inbox.socket.disconnect();
    });

    it('announces a new direct conversation with conversation:new', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const ySocket = new Inbox(await connect(gateway2, y.accessToken));
      const xSocket = await connect(system.baseUrl, x.accessToken);
      const sent = await ok<Message>(xSocket, CLIENT_EVENTS.messageSend, { recipientId: y.user.id, content: 'first', clientMsgId: 'new-1' });
      const announced = await ySocket.next<Conversation>(SERVER_EVENTS.conversationNew, (c) => c.id === sent.conversationId);
      expect(announced).toMatchObject({ id: sent.conversationId, type: 'direct' });
      xSocket.disconnect();
      ySocket.socket.disconnect();
    });

    it('message:edit and message:delete reach the members as message:updated and message:deleted', async () => {
      const aliceSocket = await connect(system.baseUrl, alice.accessToken);
      const bobInbox = new Inbox(await connect(gateway2, bob.accessToken));
      const sent = await ok<Message>(aliceSocket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'typo', clientMsgId: 'edit-1' });

      const edited = await ok<Message>(aliceSocket, CLIENT_EVENTS.messageEdit, { messageId: sent.id, content: 'fixed' });
      expect(edited).toMatchObject({ id: sent.id, seq: sent.seq, content: 'fixed' });
      expect(edited.editedAt).not.toBeNull();
      expect(await bobInbox.next<Message>(SERVER_EVENTS.messageUpdated, (m) => m.id === sent.id)).toEqual(edited);

      expect(await ok(aliceSocket, CLIENT_EVENTS.messageDelete, { messageId: sent.id })).toEqual({ id: sent.id });
      expect(await bobInbox.next(SERVER_EVENTS.messageDeleted)).toEqual({ id: sent.id, conversationId: directId, seq: sent.seq });

      const bobEdits = await emit(bobInbox.socket, CLIENT_EVENTS.messageEdit, { messageId: sent.id, content: 'mine now' });
      expect(bobEdits.ok).toBe(false);
      aliceSocket.disconnect();
      bobInbox.socket.disconnect();
    });

    it('typing reaches the other member only: not the sender, not a non-member; it is never stored', async () => {
      const aliceOne = new Inbox(await connect(system.baseUrl, alice.accessToken));
      const aliceTwo = new Inbox(await connect(gateway2, alice.accessToken));
      const bobInbox = new Inbox(await connect(gateway2, bob.accessToken));
      const carolInbox = new Inbox(await connect(system.baseUrl, carol.accessToken));
      const before = await system.request<Conversation>('GET', `/api/chat/conversations/${directId}`, { token: alice.accessToken });

      expect(await emit(aliceOne.socket, CLIENT_EVENTS.typing, { conversationId: directId, isTyping: true })).toEqual({ ok: true, data: {} });
      expect(await bobInbox.next(SERVER_EVENTS.typing)).toEqual({ conversationId: directId, userId: alice.user.id, isTyping: true });
      await quiet();
      expect(aliceOne.of(SERVER_EVENTS.typing)).toEqual([]);
      expect(aliceTwo.of(SERVER_EVENTS.typing)).toEqual([]);
      expect(carolInbox.of(SERVER_EVENTS.typing)).toEqual([]);
      const after = await system.request<Conversation>('GET', `/api/chat/conversations/${directId}`, { token: alice.accessToken });
      expect(after.body.lastSeq).toBe(before.body.lastSeq);

      const intruder = await emit(carolInbox.socket, CLIENT_EVENTS.typing, { conversationId: directId, isTyping: true });
      expect(intruder).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
      for (const inbox of [aliceOne, aliceTwo, bobInbox, carolInbox]) inbox.socket.disconnect();
    });

    it('conversation:read acks the position and tells the members', async () => {
      const bobSocket = await connect(system.baseUrl, bob.accessToken);
      const aliceInbox = new Inbox(await connect(gateway2, alice.accessToken));
      const current = await system.request<Conversation>('GET', `/api/chat/conversations/${directId}`, { token: bob.accessToken });
      const lastSeq = current.body.lastSeq;
      const read = await ok<ReadPosition>(bobSocket, CLIENT_EVENTS.conversationRead, { conversationId: directId, seq: lastSeq + 50 });
      expect(read).toEqual({ conversationId: directId, lastReadSeq: lastSeq });
      expect(await aliceInbox.next(SERVER_EVENTS.conversationRead, (d: { userId: string }) => d.userId === bob.user.id)).toEqual({
        conversationId: directId,
        userId: bob.user.id,
        lastReadSeq: lastSeq,
      });
      bobSocket.disconnect();
      aliceInbox.socket.disconnect();
    });

    it('sync returns the missed events in order, with more when there are more than one answer holds', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const xSocket = await connect(system.baseUrl, x.accessToken);
      const first = await ok<Message>(xSocket, CLIENT_EVENTS.messageSend, { recipientId: y.user.id, content: 'm1', clientMsgId: 'sync-1' });
      const conversationId = first.conversationId;
      // y is offline while 104 more happen, then an edit and a delete.
      for (let i = 2; i <= 105; i++) {
        await ok(xSocket, CLIENT_EVENTS.messageSend, { conversationId, content: `m${i}`, clientMsgId: `sync-${i}` });
      }
      await ok(xSocket, CLIENT_EVENTS.messageEdit, { messageId: first.id, content: 'm1 edited' });
      await ok(xSocket, CLIENT_EVENTS.messageDelete, { messageId: first.id });

      const ySocket = await connect(gateway2, y.accessToken);
      const page1 = await ok<SyncBatch>(ySocket, CLIENT_EVENTS.sync, { conversations: { [conversationId]: 0 } });
      expect(page1.more).toBe(true);
      expect(page1.events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(page1.events[1]).toMatchObject({ type: 'message.created', conversationId, message: { content: 'm2' } });
      const page2 = await ok<SyncBatch>(ySocket, CLIENT_EVENTS.sync, { conversations: { [conversationId]: 100 } });
      expect(page2.more).toBe(false);
      expect(page2.events.map((e) => [e.seq, e.type])).toEqual([
        [101, 'message.created'],
        [102, 'message.created'],
        [103, 'message.created'],
        [104, 'message.created'],
        [105, 'message.created'],
        [106, 'message.edited'],
        [107, 'message.deleted'],
      ]);
      // Caught up: nothing after the last seq; a conversation the caller is not in is skipped.
      expect(await ok(ySocket, CLIENT_EVENTS.sync, { conversations: { [conversationId]: 107, [directId]: 0 } })).toEqual({ events: [], more: false });
      xSocket.disconnect();
      ySocket.disconnect();
    });
  });

  describe('errors are acks', () => {
    it('an invalid payload is VALIDATION_FAILED with the fields; unknown fields and a payload-supplied identity are rejected', async () => {
      const socket = await connect(system.baseUrl, alice.accessToken);
      const cases: [string, unknown, string[]][] = [
        [CLIENT_EVENTS.messageSend, { conversationId: directId, content: '   ', clientMsgId: 'v-1' }, ['content']],
        [CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'x'.repeat(4001), clientMsgId: 'v-2' }, ['content']],
        [CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'no key' }, ['clientMsgId']],
        [CLIENT_EVENTS.messageSend, { content: 'nowhere', clientMsgId: 'v-3' }, ['conversationId']],
        [CLIENT_EVENTS.messageSend, { conversationId: directId, recipientId: bob.user.id, content: 'both', clientMsgId: 'v-4' }, ['conversationId']],
        [CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'hi', clientMsgId: 'v-5', senderId: bob.user.id }, ['senderId']],
        [CLIENT_EVENTS.messageEdit, { messageId: 'm' }, ['content']],
        [CLIENT_EVENTS.typing, { conversationId: directId, isTyping: 'yes' }, ['isTyping']],
        [CLIENT_EVENTS.conversationRead, { conversationId: directId, seq: -1 }, ['seq']],
        [CLIENT_EVENTS.sync, { conversations: [directId] }, ['conversations']],
        [CLIENT_EVENTS.sync, { conversations: { [directId]: 1.5 } }, ['conversations']],
        [CLIENT_EVENTS.messageDelete, 'not an object', ['']],
      ];
      for (const [event, payload, fields] of cases) {
        const ack = await emit(socket, event, payload);
        expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
        const errors = (ack as Extract<AnyAck, { ok: false }>).error.details?.errors ?? [];
        expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
      }
      // A 4000-emoji message is 4000 characters, as over REST.
      expect((await emit(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: '😀'.repeat(4000), clientMsgId: 'v-6' })).ok).toBe(true);
      // The socket still works after all that.
      expect((await emit(socket, CLIENT_EVENTS.typing, { conversationId: directId, isTyping: false })).ok).toBe(true);
      socket.disconnect();
    });

    it('a non-member gets NOT_A_MEMBER; an unknown message NOT_FOUND; an event without a callback does no harm', async () => {
      const socket = await connect(system.baseUrl, carol.accessToken);
      expect(await emit(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'let me in', clientMsgId: 'nm-1' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_A_MEMBER' },
      });
      expect(await emit(socket, CLIENT_EVENTS.conversationRead, { conversationId: directId, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
      expect(await emit(socket, CLIENT_EVENTS.messageDelete, { messageId: 'no-such-message' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      socket.emit(CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'no callback', clientMsgId: 'nm-2' });
      socket.emit(CLIENT_EVENTS.sync);
      await quiet();
      expect(socket.connected).toBe(true);
      expect((await emit(socket, CLIENT_EVENTS.typing, { conversationId: directId, isTyping: true })).ok).toBe(false);
      socket.disconnect();
    });
  });

  describe('limits', () => {
    it('a message larger than BODY_LIMIT (64kb) closes that connection instead of being read; one under it is answered', async () => {
      const socket = await connect(system.baseUrl, alice.accessToken);
      // Under the limit: parsed and validated (content is at most 4000 characters).
      const big = await emit(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'x'.repeat(50_000), clientMsgId: 'lim-1' });
      expect(big).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const closed = new Promise<string>((r) => socket.once('disconnect', (reason) => r(reason)));
      const tooBig = emit(socket, CLIENT_EVENTS.messageSend, { conversationId: directId, content: 'x'.repeat(100_000), clientMsgId: 'lim-2' });
      expect(await closed).toBe('transport close');
      await expect(tooBig).rejects.toThrow();
    });

    it('an event that is not in the API gets a NOT_FOUND ack instead of silence', async () => {
      const socket = await connect(system.baseUrl, alice.accessToken);
      expect(await emit(socket, 'mesage:send', { conversationId: directId, content: 'typo', clientMsgId: 'typo-1' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Unknown event' },
      });
      expect((await emit(socket, CLIENT_EVENTS.typing, { conversationId: directId, isTyping: false })).ok).toBe(true);
      socket.disconnect();
    });
  });

  describe('sessions', () => {
    it('logout over REST sends session:revoked to that session\'s sockets on every replica, then disconnects them', async () => {
      const login = await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: alice.username, password: alice.password } });
      const other = login.body.accessToken;
      const doomed = [new Inbox(await connect(system.baseUrl, other)), new Inbox(await connect(gateway2, other))];
      const survivor = new Inbox(await connect(gateway2, alice.accessToken));
      const disconnects = doomed.map((inbox) => new Promise<string>((r) => inbox.socket.once('disconnect', (reason) => r(reason))));

      expect((await system.request('POST', '/api/auth/logout', { token: other })).status).toBe(204);
      for (const inbox of doomed) expect(await inbox.next(SERVER_EVENTS.sessionRevoked)).toEqual({ reason: 'logout' });
      expect(await Promise.all(disconnects)).toEqual(['io server disconnect', 'io server disconnect']);
      await quiet();
      expect(survivor.socket.connected).toBe(true);
      expect(survivor.of(SERVER_EVENTS.sessionRevoked)).toEqual([]);
      expect(await refusal(system.baseUrl, { token: other })).toBe('UNAUTHORIZED');
      survivor.socket.disconnect();
    });
  });

  describe('presence and friends', () => {
    it('a friend sees online on connect and offline after the last socket disconnects; friend events arrive', async () => {
      const [x, y, stranger] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
      const xInbox = new Inbox(await connect(system.baseUrl, x.accessToken));
      const strangerInbox = new Inbox(await connect(system.baseUrl, stranger.accessToken));
      await befriend(system, y, x);
      expect(await xInbox.next<{ user: { id: string } }>(SERVER_EVENTS.friendRequest)).toMatchObject({ user: { id: y.user.id } });

      const yOne = await connect(gateway2, y.accessToken);
      const online = await xInbox.next<PresenceView>(SERVER_EVENTS.presence, (p) => p.userId === y.user.id && p.onlineStatus === 'online');
      expect(online.lastSeenAt).toEqual(expect.any(String));
      const seen = await system.request<{ onlineStatus: string }>('GET', `/api/users/${y.user.id}`, { token: x.accessToken });
      expect(seen.body.onlineStatus).toBe('online');

      // A second socket changes nothing; closing one of two changes nothing either.
      const yTwo = await connect(system.baseUrl, y.accessToken);
      yOne.disconnect();
      await quiet();
      expect(xInbox.of<PresenceView>(SERVER_EVENTS.presence).filter((p) => p.userId === y.user.id)).toHaveLength(1);

      yTwo.disconnect();
      const offline = await xInbox.next<PresenceView>(SERVER_EVENTS.presence, (p) => p.userId === y.user.id && p.onlineStatus === 'offline');
      expect(offline.lastSeenAt).toEqual(expect.any(String));
      expect(strangerInbox.of(SERVER_EVENTS.presence)).toEqual([]);
      const gone = await system.request<{ onlineStatus: string }>('GET', `/api/users/${y.user.id}`, { token: x.accessToken });
      expect(gone.body.onlineStatus).toBe('offline');
      xInbox.socket.disconnect();
      strangerInbox.socket.disconnect();
    });

    it('a replica that stops gracefully gives its leases back: its users go offline at once, not after the TTL', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      await befriend(system, y, x);
      const xInbox = new Inbox(await connect(system.baseUrl, x.accessToken));
      const replica = await system.startGateway();
      await connect(replica.baseUrl, y.accessToken);
      await xInbox.next<PresenceView>(SERVER_EVENTS.presence, (p) => p.userId === y.user.id && p.onlineStatus === 'online');
      const stoppedAt = Date.now();
      await replica.stop();
      await xInbox.next<PresenceView>(SERVER_EVENTS.presence, (p) => p.userId === y.user.id && p.onlineStatus === 'offline');
      // The default TTL is 21 s: well under it means the key was deleted, not aged out.
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      xInbox.socket.disconnect();
    });
  });
});

describe('presence when a gateway replica dies (PRESENCE_TTL_SECONDS=3)', () => {
  const TTL_SECONDS = 3;
  let system: System;
  let replica: ChildProcess | undefined;

  beforeAll(async () => {
    system = await startSystem({ env: { PRESENCE_TTL_SECONDS: String(TTL_SECONDS) } });
  });

  afterAll(async () => {
    replica?.kill('SIGKILL');
    await system?.shutdown();
  });

  it('takes the users of a SIGKILLed replica offline within about the TTL', async () => {
    const [watcher, victim] = await Promise.all([registerUser(system), registerUser(system)]);
    await befriend(system, victim, watcher);
    const watcherInbox = new Inbox(await connect(system.baseUrl, watcher.accessToken));
    const doomed = await spawnGateway(system);
    replica = doomed.process;
    await connect(doomed.baseUrl, victim.accessToken);
    await watcherInbox.next<PresenceView>(SERVER_EVENTS.presence, (p) => p.userId === victim.user.id && p.onlineStatus === 'online');
    // Outlive a few heartbeats first: the lease must stay alive while the replica does.
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 * 1.5));
    expect(watcherInbox.of<PresenceView>(SERVER_EVENTS.presence).filter((p) => p.onlineStatus === 'offline')).toEqual([]);

    const killedAt = Date.now();
    replica.kill('SIGKILL');
    const offline = await watcherInbox.next<PresenceView>(
      SERVER_EVENTS.presence,
      (p) => p.userId === victim.user.id && p.onlineStatus === 'offline',
      TTL_SECONDS * 1000 * 3,
    );
    const elapsed = Date.now() - killedAt;
    // Lease age-out (≤ TTL after the last heartbeat) plus one sweep period (TTL/3), plus a little slack.
    expect(elapsed).toBeLessThan(TTL_SECONDS * 1000 * (4 / 3) + 1000);
    expect(offline.lastSeenAt).toEqual(expect.any(String));
    const profile = await system.request<{ onlineStatus: string }>('GET', `/api/users/${victim.user.id}`, { token: watcher.accessToken });
    expect(profile.body.onlineStatus).toBe('offline');
    // The dead replica's lease was collected, not left in the bucket for good.
    const nats = await connectNats({ servers: system.env.NATS_URL });
    try {
      const leases = await new Kvm(nats).open(presenceLeasesBucketName(system.namespace));
      const left = async () => {
        const keys: string[] = [];
        for await (const key of await leases.keys(presenceKeysOf(victim.user.id))) keys.push(key);
        return keys;
      };
      const deadline = Date.now() + TTL_SECONDS * 1000;
      while ((await left()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await left()).toEqual([]);
    } finally {
      await nats.close();
    }
    watcherInbox.socket.disconnect();
  });

  it('heartbeat writes do not grow with the users connected: one key per replica per TTL/3, no lease re-written', async () => {
    const nats = await connectNats({ servers: system.env.NATS_URL });
    const sockets: Socket[] = [];
    try {
      const leases = await presenceStream(nats, presenceLeasesBucketName(system.namespace));
      const replicas = await presenceStream(nats, presenceReplicasBucketName(system.namespace));
      const count = async () => {
        const counted = { leases: 0, heartbeats: 0, replicas: new Set<string>() };
        const subscriptions = [
          ...leases.subjects.map((subject) => nats.subscribe(subject, { callback: () => void counted.leases++ })),
          ...replicas.subjects.map((subject) => nats.subscribe(subject, { callback: (_, msg) => void (counted.heartbeats++, counted.replicas.add(msg.subject)) })),
        ];
        await nats.flush();
        await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000));
        for (const subscription of subscriptions) subscription.unsubscribe();
        return counted;
      };
      const settled = () => new Promise((r) => setTimeout(r, 1000));

      const users = await Promise.all(Array.from({ length: 21 }, () => registerUser(system)));
      sockets.push(await connect(system.baseUrl, users[0].accessToken));
      await settled();
      const one = await count();
      for (const user of users.slice(1)) sockets.push(await connect(system.baseUrl, user.accessToken));
      await settled();
      const many = await count();

      expect(one.leases).toBe(0);
      expect(many.leases).toBe(0);
      // One beat per TTL/3 per live replica (+1 for where the window falls), with 1 user or 21: before, 21 × 3 lease writes.
      expect(many.heartbeats).toBeGreaterThan(0);
      expect(many.heartbeats).toBeLessThanOrEqual(4 * many.replicas.size);
      expect(many.heartbeats).toBeLessThanOrEqual(one.heartbeats + many.replicas.size);
    } finally {
      for (const socket of sockets) socket.disconnect();
      await nats.close();
    }
  });

  it('presence recovers when the bucket disappears (a NATS restart drops a memory stream and its config)', async () => {
    const [watcher, friend] = await Promise.all([registerUser(system), registerUser(system)]);
    await befriend(system, friend, watcher);
    const watcherInbox = new Inbox(await connect(system.baseUrl, watcher.accessToken));
    const nats = await connectNats({ servers: system.env.NATS_URL });
    try {
      const jsm = await jetstreamManager(nats);
      for (const bucket of [presenceLeasesBucketName(system.namespace), presenceReplicasBucketName(system.namespace)]) {
        await jsm.streams.delete((await presenceStream(nats, bucket)).name);
      }
    } finally {
      await nats.close();
    }
    // The gateway's next heartbeat finds the buckets gone and creates them again; a user connecting now is seen.
    await connect(system.baseUrl, friend.accessToken);
    await watcherInbox.next<PresenceView>(
      SERVER_EVENTS.presence,
      (p) => p.userId === friend.user.id && p.onlineStatus === 'online',
      TTL_SECONDS * 1000 * 3,
    );
    watcherInbox.socket.disconnect();
  });
});
