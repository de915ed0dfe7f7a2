import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { CHAT_BROADCASTS, eventStreamName, type ChatDelivery, type UserDelivery, type Conversation, type ConversationPage, type Message, type MessagePage, type RoomDetail, type RoomPage, type SyncPage } from '#contracts';
import { registerUser, startSystem, type System, type TestUser } from './harness/index.js';

describe('chat through the gateway', () => {
  let system: System;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const as = <T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown) =>
    system.request<T>(method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
  const id = (user: TestUser) => user.user.id;
  const send = (from: TestUser, to: TestUser, message: string, clientMsgId?: string) =>
    as<Message>(from, 'POST', '/api/chat/send', { recipientId: id(to), message, ...(clientMsgId ? { clientMsgId } : {}) });
  const post = (from: TestUser, conversationId: string, message: string, clientMsgId?: string) =>
    as<Message>(from, 'POST', `/api/chat/conversations/${conversationId}/messages`, { message, ...(clientMsgId ? { clientMsgId } : {}) });
  const conversation = (user: TestUser, conversationId: string) => as<Conversation>(user, 'GET', `/api/chat/conversations/${conversationId}`);
  const createRoom = (owner: TestUser, body: Record<string, unknown>) => as<RoomDetail>(owner, 'POST', '/api/chat/rooms', body);

  /** Follows nextCursor through the whole sync log. */
  async function wholeLog(user: TestUser, conversationId: string, limit: number): Promise<SyncPage['items']> {
    const items: SyncPage['items'] = [];
    let after = 0;
    for (;;) {
      const page = await as<SyncPage>(user, 'GET', `/api/chat/conversations/${conversationId}/events?after=${after}&limit=${limit}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      if (page.body.nextCursor === null) return items;
      after = Number(page.body.nextCursor);
    }
  }

  beforeAll(async () => {
    system = await startSystem();
    [alice, bob, carol] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  describe('direct messages', () => {
    it('creates the conversation on the first send and reuses it afterwards', async () => {
      const first = await send(alice, bob, 'hello bob');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ seq: 1, senderId: id(alice), content: 'hello bob', clientMsgId: null, editedAt: null, deletedAt: null });
      const second = await send(bob, alice, 'hi alice');
      expect(second.status).toBe(201);
      expect(second.body.conversationId).toBe(first.body.conversationId);
      expect(second.body.seq).toBe(2);

      const got = await conversation(alice, first.body.conversationId);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: first.body.conversationId, type: 'direct', name: null, lastSeq: 2, lastReadSeq: 0, unreadCount: 1 });
      expect(got.body.members.map((m) => m.id).sort()).toEqual([id(alice), id(bob)].sort());
      expect(got.body.members[0]).toHaveProperty('username');
      expect(got.body.lastMessage?.id).toBe(second.body.id);
    });

    it('pages the history newest first with before, oldest first with after', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const sent: Message[] = [];
      for (let i = 1; i <= 5; i++) sent.push((await send(i % 2 ? x : y, i % 2 ? y : x, `m${i}`)).body);

      const newest = await as<MessagePage>(x, 'GET', `/api/chat/messages?with=${id(y)}&limit=2`);
      expect(newest.status).toBe(200);
      expect(newest.body.items.map((m) => m.content)).toEqual(['m5', 'm4']);
      expect(newest.body.nextCursor).toBe('4');
      const older = await as<MessagePage>(x, 'GET', `/api/chat/messages?with=${id(y)}&limit=2&before=${newest.body.nextCursor}`);
      expect(older.body.items.map((m) => m.content)).toEqual(['m3', 'm2']);
      const oldest = await as<MessagePage>(x, 'GET', `/api/chat/messages?with=${id(y)}&limit=2&before=2`);
      expect(oldest.body).toEqual({ items: [sent[0]], nextCursor: null });

      const conversationId = sent[0].conversationId;
      const forward = await as<MessagePage>(y, 'GET', `/api/chat/messages?conversationId=${conversationId}&after=1&limit=3`);
      expect(forward.body.items.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(forward.body.nextCursor).toBe('4');
      const rest = await as<MessagePage>(y, 'GET', `/api/chat/conversations/${conversationId}/messages?after=4`);
      expect(rest.body).toEqual({ items: [sent[4]], nextCursor: null });
      const past = await as<MessagePage>(y, 'GET', `/api/chat/conversations/${conversationId}/messages?after=99`);
      expect(past.body).toEqual({ items: [], nextCursor: null });
      const nobody = await as<MessagePage>(x, 'GET', `/api/chat/messages?with=${id(carol)}`);
      expect(nobody.body).toEqual({ items: [], nextCursor: null });
    });

    it('rejects bad input with 400, a stranger with 404, no token with 401, a huge body with 413', async () => {
      expect((await send(alice, bob, '   ')).status).toBe(400);
      expect((await send(alice, bob, 'x'.repeat(4001))).status).toBe(400);
      expect((await send(alice, bob, ` ${'x'.repeat(4000)} `)).status).toBe(201);
      // Characters, not UTF-16 units: 4000 emoji are 4000 characters.
      expect((await send(alice, bob, '😀'.repeat(4000))).status).toBe(201);
      expect((await send(alice, bob, '😀'.repeat(4001))).status).toBe(400);
      expect((await send(alice, alice, 'me')).status).toBe(400);
      const extra = await as(alice, 'POST', '/api/chat/send', { recipientId: id(bob), message: 'hi', senderId: id(bob) });
      expect(extra.status).toBe(400);
      expect(extra.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const unknown = await as(alice, 'POST', '/api/chat/send', { recipientId: '0190a5c4-0000-7000-8000-000000000000', message: 'hi' });
      expect(unknown.status).toBe(404);
      expect((await system.request('POST', '/api/chat/send', { body: { recipientId: id(bob), message: 'hi' } })).status).toBe(401);
      expect((await send(alice, bob, 'y'.repeat(200_000))).status).toBe(413);
      expect((await as(alice, 'GET', `/api/chat/messages?with=${id(bob)}&limit=101`)).status).toBe(400);
      expect((await as(alice, 'GET', '/api/chat/messages')).status).toBe(400);
    });

    it('needs exactly one of with= and conversationId= for the history (400 VALIDATION_FAILED otherwise)', async () => {
      const [x, y, z] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
      const withY = (await send(x, y, 'which one?')).body.conversationId;
      const withZ = (await send(x, z, 'this one?')).body.conversationId;
      for (const query of [
        '',
        '?limit=10',
        // Both, even naming the same conversation: the contract offers one or the other.
        `?with=${id(y)}&conversationId=${withY}`,
        // Both, naming different conversations: there is no right answer to pick.
        `?with=${id(y)}&conversationId=${withZ}`,
      ]) {
        const res = await as(x, 'GET', `/api/chat/messages${query}`);
        expect(`${query} ${res.status} ${String(res.body.code)}`).toBe(`${query} 400 VALIDATION_FAILED`);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('keeps strangers out of a direct conversation (403 NOT_A_MEMBER)', async () => {
      const { body } = await send(alice, bob, 'private');
      for (const res of [
        await conversation(carol, body.conversationId),
        await as(carol, 'GET', `/api/chat/conversations/${body.conversationId}/messages`),
        await as(carol, 'GET', `/api/chat/conversations/${body.conversationId}/events`),
        await post(carol, body.conversationId, 'let me in'),
        await as(carol, 'POST', `/api/chat/conversations/${body.conversationId}/read`, { seq: 1 }),
        await as(carol, 'GET', `/api/chat/messages?conversationId=${body.conversationId}`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'NOT_A_MEMBER' });
      }
      expect((await conversation(carol, '0190a5c4-0000-7000-8000-000000000000')).status).toBe(404);
    });

    it('answers ids that are not even well-formed like unknown ones: 404 on every chat route', async () => {
      const bad = 'not-a-real-id';
      for (const [method, path, body] of [
        ['GET', `/api/chat/conversations/${bad}`],
        ['GET', `/api/chat/conversations/${bad}/messages`],
        ['POST', `/api/chat/conversations/${bad}/messages`, { message: 'hi' }],
        ['POST', `/api/chat/conversations/${bad}/read`, { seq: 1 }],
        ['GET', `/api/chat/conversations/${bad}/events`],
        ['GET', `/api/chat/messages?conversationId=${bad}`],
        ['PATCH', `/api/chat/messages/${bad}`, { message: 'x' }],
        ['DELETE', `/api/chat/messages/${bad}`],
        ['GET', `/api/chat/rooms/${bad}`],
        ['POST', `/api/chat/rooms/${bad}/join`],
        ['POST', `/api/chat/rooms/${bad}/leave`],
        ['POST', `/api/chat/rooms/${bad}/members`, { userId: id(bob) }],
        ['DELETE', `/api/chat/rooms/${bad}/members/${id(bob)}`],
        ['GET', `/api/chat/rooms/${bad}/messages`],
        ['POST', `/api/chat/rooms/${bad}/messages`, { message: 'hi' }],
        ['GET', `/api/chat/search?q=hello&conversationId=${bad}`],
      ] as const) {
        const res = await as(alice, method, path, body);
        expect(`${method} ${path} ${res.status} ${String(res.body.code)}`).toBe(`${method} ${path} 404 NOT_FOUND`);
      }
      const room = (await createRoom(alice, { name: 'bad member ids' })).body;
      expect((await as(alice, 'DELETE', `/api/chat/rooms/${room.id}/members/${bad}`)).status).toBe(404);
      // A malformed user in with= has no conversation with the caller, like an unknown one.
      expect((await as<MessagePage>(alice, 'GET', `/api/chat/messages?with=${bad}`)).body).toEqual({ items: [], nextCursor: null });
    });

    it('ends up with one conversation when both users send their first message at the same time', async () => {
      for (let round = 0; round < 3; round++) {
        const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
        const results = await Promise.all([send(x, y, 'hi from x'), send(y, x, 'hi from y'), send(x, y, 'again x'), send(y, x, 'again y')]);
        expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
        expect(new Set(results.map((r) => r.body.conversationId)).size).toBe(1);
        expect(results.map((r) => r.body.seq).sort()).toEqual([1, 2, 3, 4]);
        const list = await as<ConversationPage>(x, 'GET', '/api/chat/conversations');
        expect(list.body.items.map((c) => c.id)).toEqual([results[0].body.conversationId]);
      }
    });

    it('stores one message for a retry storm of one clientMsgId, and answers a changed retry with the original', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const storm = await Promise.all(Array.from({ length: 10 }, () => send(x, y, 'exactly once', 'client-key-1')));
      expect(storm.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(storm.map((r) => r.body.id)).size).toBe(1);
      expect(storm.every((r) => r.body.seq === 1 && r.body.clientMsgId === 'client-key-1')).toBe(true);
      const changed = await send(x, y, 'different text', 'client-key-1');
      expect(changed.body).toEqual(storm[0].body);
      const viaConversation = await post(x, storm[0].body.conversationId, 'other route', 'client-key-1');
      expect(viaConversation.body).toEqual(storm[0].body);

      const history = await as<MessagePage>(y, 'GET', `/api/chat/messages?with=${id(x)}`);
      expect(history.body.items).toEqual([storm[0].body]);
      const log = await wholeLog(y, storm[0].body.conversationId, 50);
      expect(log.map((e) => [e.seq, e.type])).toEqual([[1, 'message.created']]);
      // The same key from another sender is another message.
      expect((await send(y, x, 'mine', 'client-key-1')).body.seq).toBe(2);
    });

    it('refuses direct messages either way once one user blocked the other (403 BLOCKED)', async () => {
      const [x, y, z] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
      const before = await send(x, z, 'before the block');
      expect(before.status).toBe(201);
      const blocked = await as(x, 'POST', '/api/users/blocks', { userId: id(y) });
      expect(blocked.status).toBe(204);
      await as(z, 'POST', '/api/users/blocks', { userId: id(x) });
      for (const res of [await send(y, x, 'hi'), await send(x, y, 'hi'), await send(x, z, 'hi'), await post(x, before.body.conversationId, 'hi')]) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'BLOCKED' });
      }
      // Reading what was said before the block still works.
      expect((await as<MessagePage>(x, 'GET', `/api/chat/messages?with=${id(z)}`)).body.items).toHaveLength(1);
    });

    it('a block whose event JetStream refused still reaches chat: the users service publishes it again without a retry', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      expect((await send(x, y, 'before the block')).status).toBe(201);
      const nats = await connect({ servers: system.env.NATS_URL });
      try {
        const jsm = await jetstreamManager(nats);
        const stream = eventStreamName(system.namespace);
        const { config, state } = await jsm.streams.info(stream);
        // The stream takes nothing more: the block is stored in users, but its event cannot be published.
        await jsm.streams.update(stream, { ...config, max_msgs: state.messages, discard: DiscardPolicy.New });
        try {
          const refused = await as(y, 'POST', '/api/users/blocks', { userId: id(x) });
          expect(refused.status).toBeGreaterThanOrEqual(500);
          expect((await send(x, y, 'chat has not heard of the block')).status).toBe(201);
        } finally {
          await jsm.streams.update(stream, config);
        }
      } finally {
        await nats.close();
      }
      // No retry from the client: the users service's sweep publishes the stored block (ADR 0019).
      const deadline = Date.now() + 40_000;
      let last = await send(x, y, 'probe');
      while (last.status !== 403 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        last = await send(x, y, 'probe');
      }
      expect(last.body).toMatchObject({ code: 'BLOCKED' });
      expect((await as<{ items: { id: string }[] }>(y, 'GET', '/api/users/blocks')).body.items.map((u) => u.id)).toEqual([id(x)]);
    }, 60_000);

    it('answers a retry of a send stored before a block with the original message, not 403', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const sent = await send(x, y, 'sent just before the block', 'before-block-1');
      expect(sent.status).toBe(201);
      const viaRoute = await post(x, sent.body.conversationId, 'also before the block', 'before-block-2');
      expect(viaRoute.status).toBe(201);
      expect((await as(y, 'POST', '/api/users/blocks', { userId: id(x) })).status).toBe(204);

      // The client never saw the acks and retries both: each must get its stored message back.
      const retried = await send(x, y, 'sent just before the block', 'before-block-1');
      expect(retried.status).toBe(201);
      expect(retried.body).toEqual(sent.body);
      const retriedRoute = await post(x, sent.body.conversationId, 'also before the block', 'before-block-2');
      expect(retriedRoute.status).toBe(201);
      expect(retriedRoute.body).toEqual(viaRoute.body);
      // A new message is still refused, and the retries wrote nothing.
      expect((await send(x, y, 'after the block', 'after-block')).body).toMatchObject({ code: 'BLOCKED' });
      expect((await wholeLog(x, sent.body.conversationId, 50)).map((e) => e.seq)).toEqual([1, 2]);
    });
  });

  describe('sequence under concurrency', () => {
    it('gives 50 concurrent senders in one room 50 distinct seqs, no gaps, in log and history alike', async () => {
      const senders: TestUser[] = [];
      for (let batch = 0; batch < 5; batch++) senders.push(...(await Promise.all(Array.from({ length: 10 }, () => registerUser(system)))));
      const [owner, ...others] = senders as [TestUser, ...TestUser[]];
      const room = await createRoom(owner, { name: 'load room', memberIds: others.map(id) });
      expect(room.status).toBe(201);
      expect(room.body.memberCount).toBe(50);

      const sent = await Promise.all(senders.map((s, i) => post(s, room.body.id, `message ${i}`)));
      expect(sent.map((r) => r.status)).toEqual(Array(50).fill(201));
      const seqs = sent.map((r) => r.body.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

      const log = await wholeLog(owner, room.body.id, 7);
      expect(log.map((e) => e.seq)).toEqual(seqs);
      expect(log.every((e) => e.type === 'message.created')).toBe(true);
      const bySeq = new Map(sent.map((r) => [r.body.seq, r.body]));
      for (const event of log) expect(event.message).toEqual(bySeq.get(event.seq));

      const history = await as<MessagePage>(owner, 'GET', `/api/chat/rooms/${room.body.id}/messages?after=0&limit=100`);
      expect(history.body.items.map((m) => m.seq)).toEqual(seqs);
      expect((await conversation(owner, room.body.id)).body).toMatchObject({ lastSeq: 50, unreadCount: 49 });
    });
  });

  describe('read state, edits, deletes and the sync log', () => {
    it('computes unread counts and replays the log exactly after a scripted sequence', async () => {
      const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
      const m1 = (await send(x, y, 'one')).body; // seq 1
      const cid = m1.conversationId;
      const m2 = (await post(x, cid, 'two')).body; // seq 2
      const m3 = (await post(x, cid, 'three')).body; // seq 3
      expect((await as(y, 'POST', `/api/chat/conversations/${cid}/read`, { seq: 2 })).status).toBe(204);
      expect((await conversation(y, cid)).body).toMatchObject({ lastReadSeq: 2, unreadCount: 1, lastSeq: 3 });

      const m4 = (await post(x, cid, 'four')).body; // seq 4
      const m5 = (await post(x, cid, 'five')).body; // seq 5
      expect((await conversation(y, cid)).body.unreadCount).toBe(3);
      expect((await as(x, 'DELETE', `/api/chat/messages/${m4.id}`)).status).toBe(204); // event 6
      expect((await conversation(y, cid)).body.unreadCount).toBe(2);
      const edited = await as<Message>(x, 'PATCH', `/api/chat/messages/${m5.id}`, { message: 'five, edited' }); // event 7
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ id: m5.id, seq: 5, content: 'five, edited' });
      expect(edited.body.editedAt).not.toBeNull();
      const m8 = (await post(y, cid, 'eight')).body; // seq 8
      expect(m8.seq).toBe(8);

      expect((await conversation(y, cid)).body).toMatchObject({ lastSeq: 8, lastReadSeq: 2, unreadCount: 2 });
      expect((await conversation(x, cid)).body).toMatchObject({ lastSeq: 8, lastReadSeq: 0, unreadCount: 1 });
      expect((await conversation(x, cid)).body.lastMessage).toEqual(m8);

      // Forward only, clamped to lastSeq.
      await as(y, 'POST', `/api/chat/conversations/${cid}/read`, { seq: 1000 });
      expect((await conversation(y, cid)).body).toMatchObject({ lastReadSeq: 8, unreadCount: 0 });
      await as(y, 'POST', `/api/chat/conversations/${cid}/read`, { seq: 3 });
      expect((await conversation(y, cid)).body.lastReadSeq).toBe(8);
      expect((await as(y, 'POST', `/api/chat/conversations/${cid}/read`, { seq: -1 })).status).toBe(400);

      const log = await wholeLog(y, cid, 3);
      expect(log.map((e) => [e.seq, e.type, e.message?.id])).toEqual([
        [1, 'message.created', m1.id],
        [2, 'message.created', m2.id],
        [3, 'message.created', m3.id],
        [4, 'message.created', m4.id],
        [5, 'message.created', m5.id],
        [6, 'message.deleted', m4.id],
        [7, 'message.edited', m5.id],
        [8, 'message.created', m8.id],
      ]);
      expect(log[4].message?.content).toBe('five');
      expect(log[6].message?.content).toBe('five, edited');
      // What was deleted is gone from the whole log, not only from history.
      expect(log[3].message?.content).toBe('');
      expect(log[5].message).toMatchObject({ content: '', seq: 4 });
      expect(log[5].message?.deletedAt).not.toBeNull();
      const tail = await as<SyncPage>(y, 'GET', `/api/chat/conversations/${cid}/events?after=8`);
      expect(tail.body).toEqual({ items: [], nextCursor: null });

      const history = await as<MessagePage>(x, 'GET', `/api/chat/conversations/${cid}/messages?after=0`);
      expect(history.body.items.map((m) => [m.seq, m.content, m.deletedAt !== null])).toEqual([
        [1, 'one', false],
        [2, 'two', false],
        [3, 'three', false],
        [4, '', true],
        [5, 'five, edited', false],
        [8, 'eight', false],
      ]);
    });

    it('lets only the sender edit, the sender delete in a DM, and answers 404 for a deleted message', async () => {
      const m = (await send(alice, bob, 'rules')).body;
      expect((await as(bob, 'PATCH', `/api/chat/messages/${m.id}`, { message: 'hijack' })).status).toBe(403);
      expect((await as(bob, 'DELETE', `/api/chat/messages/${m.id}`)).status).toBe(403);
      expect((await as(carol, 'DELETE', `/api/chat/messages/${m.id}`)).status).toBe(403);
      expect((await as(alice, 'PATCH', `/api/chat/messages/${m.id}`, { message: '' })).status).toBe(400);
      expect((await as(alice, 'DELETE', `/api/chat/messages/${m.id}`)).status).toBe(204);
      expect((await as(alice, 'DELETE', `/api/chat/messages/${m.id}`)).status).toBe(204);
      expect((await as(alice, 'PATCH', `/api/chat/messages/${m.id}`, { message: 'back' })).status).toBe(404);
      expect((await as(alice, 'PATCH', '/api/chat/messages/0190a5c4-0000-7000-8000-000000000000', { message: 'x' })).status).toBe(404);
      const log = await wholeLog(alice, m.conversationId, 100);
      expect(log.filter((e) => e.message?.id === m.id).map((e) => e.type)).toEqual(['message.created', 'message.deleted']);
    });

    it('lists conversations by latest activity with cursor paging', async () => {
      const [x, p, q, r] = await Promise.all([registerUser(system), registerUser(system), registerUser(system), registerUser(system)]);
      const withP = (await send(p, x, 'from p')).body.conversationId;
      const withQ = (await send(q, x, 'from q')).body.conversationId;
      const withR = (await send(r, x, 'from r')).body.conversationId;
      await send(p, x, 'p again');
      const first = await as<ConversationPage>(x, 'GET', '/api/chat/conversations?limit=2');
      expect(first.body.items.map((c) => c.id)).toEqual([withP, withR]);
      expect(first.body.items[0]).toMatchObject({ unreadCount: 2, lastSeq: 2, lastMessage: { content: 'p again' } });
      const second = await as<ConversationPage>(x, 'GET', `/api/chat/conversations?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toMatchObject({ nextCursor: null });
      expect(second.body.items.map((c) => c.id)).toEqual([withQ]);
      expect((await as(x, 'GET', '/api/chat/conversations?cursor=garbage')).status).toBe(400);
    });
  });

  describe('rooms', () => {
    it('creates, lists, searches and pages rooms; private rooms stay hidden from outsiders', async () => {
      const tag = `zz${Date.now().toString(36)}`;
      const pub = await createRoom(alice, { name: `${tag} Public`, description: 'open', memberIds: [id(bob)] });
      expect(pub.status).toBe(201);
      expect(pub.body).toMatchObject({ name: `${tag} Public`, description: 'open', visibility: 'public', memberCount: 2, createdBy: id(alice) });
      expect(pub.body.members.map((m) => [m.user.id, m.role])).toEqual([
        [id(alice), 'owner'],
        [id(bob), 'member'],
      ]);
      const priv = await createRoom(alice, { name: `${tag} Secret`, visibility: 'private' });
      const second = await createRoom(bob, { name: `${tag} Other` });

      const found = await as<RoomPage>(carol, 'GET', `/api/chat/rooms?search=${tag.toUpperCase()}`);
      expect(found.body.items.map((r) => r.id)).toEqual([second.body.id, pub.body.id]);
      const page1 = await as<RoomPage>(carol, 'GET', `/api/chat/rooms?search=${tag}&limit=1`);
      expect(page1.body.items.map((r) => r.id)).toEqual([second.body.id]);
      const page2 = await as<RoomPage>(carol, 'GET', `/api/chat/rooms?search=${tag}&limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body).toMatchObject({ items: [{ id: pub.body.id }], nextCursor: null });
      const mine = await as<RoomPage>(alice, 'GET', `/api/chat/rooms?scope=mine&search=${tag}`);
      expect(mine.body.items.map((r) => r.id)).toEqual([priv.body.id, pub.body.id]);
      expect((await as(alice, 'GET', '/api/chat/rooms?scope=everything')).status).toBe(400);

      expect((await as(carol, 'GET', `/api/chat/rooms/${priv.body.id}`)).status).toBe(404);
      expect((await as(carol, 'GET', `/api/chat/conversations/${priv.body.id}`)).status).toBe(404);
      expect((await as(carol, 'GET', `/api/chat/rooms/${priv.body.id}/messages`)).status).toBe(404);
      expect((await as(carol, 'POST', `/api/chat/rooms/${priv.body.id}/join`)).status).toBe(403);
      expect((await as(carol, 'GET', `/api/chat/rooms/${pub.body.id}`)).status).toBe(200);
      expect((await as(carol, 'GET', '/api/chat/rooms/0190a5c4-0000-7000-8000-000000000000')).status).toBe(404);
      expect((await as(alice, 'POST', '/api/chat/rooms', { name: '   ' })).status).toBe(400);
    });

    it('joins a public room, posts through the room aliases, and leaves it', async () => {
      const room = (await createRoom(alice, { name: 'aliases' })).body;
      const outsider = await as(carol, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'hi' });
      expect(outsider.status).toBe(403);
      expect(outsider.body).toMatchObject({ code: 'NOT_A_MEMBER' });
      const joined = await as<RoomDetail>(carol, 'POST', `/api/chat/rooms/${room.id}/join`);
      expect(joined.status).toBe(200);
      expect(joined.body.members.map((m) => [m.user.id, m.role])).toContainEqual([id(carol), 'member']);
      expect((await as(carol, 'POST', `/api/chat/rooms/${room.id}/join`)).status).toBe(200);
      const posted = await as<Message>(carol, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'hello room' });
      expect(posted.status).toBe(201);
      const history = await as<MessagePage>(alice, 'GET', `/api/chat/rooms/${room.id}/messages`);
      expect(history.body.items.map((m) => m.content)).toEqual(['hello room']);
      // The joiner starts with nothing unread; the owner sees carol's message as unread.
      expect((await conversation(alice, room.id)).body).toMatchObject({ type: 'group', name: 'aliases', unreadCount: 1 });
      expect((await as(carol, 'POST', `/api/chat/rooms/${room.id}/leave`)).status).toBe(204);
      expect((await as(carol, 'POST', `/api/chat/rooms/${room.id}/leave`)).status).toBe(403);
      expect((await as(carol, 'GET', `/api/chat/rooms/${room.id}/messages`)).status).toBe(403);
      const log = await wholeLog(alice, room.id, 100);
      expect(log.map((e) => [e.type, e.userId])).toEqual([
        ['member.joined', id(carol)],
        ['message.created', id(carol)],
        ['member.left', id(carol)],
      ]);
    });

    it('lets owners/admins manage members and hands ownership on when the last owner leaves', async () => {
      const [owner, first, second, admin, outsider] = await Promise.all(Array.from({ length: 5 }, () => registerUser(system)));
      const room = (await createRoom(owner, { name: 'succession', visibility: 'private', memberIds: [id(first)] })).body;
      const addAs = (actor: TestUser, userId: string, role?: string) =>
        as(actor, 'POST', `/api/chat/rooms/${room.id}/members`, { userId, ...(role ? { role } : {}) });

      expect((await addAs(first, id(second))).status).toBe(403);
      expect((await addAs(outsider, id(second))).status).toBe(404);
      expect((await addAs(owner, id(second))).status).toBe(204);
      expect((await addAs(owner, id(admin))).status).toBe(204);
      expect((await addAs(owner, id(admin), 'admin')).status).toBe(204);
      expect((await addAs(owner, '0190a5c4-0000-7000-8000-000000000000')).status).toBe(404);
      expect((await addAs(admin, id(outsider), 'admin')).status).toBe(403);

      // Members remove only themselves; admins remove plain members.
      expect((await as(first, 'DELETE', `/api/chat/rooms/${room.id}/members/${id(second)}`)).status).toBe(403);
      expect((await as(admin, 'DELETE', `/api/chat/rooms/${room.id}/members/${id(owner)}`)).status).toBe(403);
      expect((await as(admin, 'DELETE', `/api/chat/rooms/${room.id}/members/${id(second)}`)).status).toBe(204);
      expect((await as(admin, 'DELETE', `/api/chat/rooms/${room.id}/members/${id(second)}`)).status).toBe(404);

      // Room admins delete others' messages; plain members do not.
      const m = (await post(first, room.id, 'spam')).body;
      expect((await as(admin, 'DELETE', `/api/chat/messages/${m.id}`)).status).toBe(204);

      const roles = async () => (await as<RoomDetail>(admin, 'GET', `/api/chat/rooms/${room.id}`)).body.members.map((x) => [x.user.id, x.role]);
      expect((await as(owner, 'POST', `/api/chat/rooms/${room.id}/leave`)).status).toBe(204);
      expect(await roles()).toEqual([
        [id(first), 'member'],
        [id(admin), 'owner'],
      ]);
      expect((await as(admin, 'DELETE', `/api/chat/rooms/${room.id}/members/${id(admin)}`)).status).toBe(204);
      const last = await as<RoomDetail>(first, 'GET', `/api/chat/rooms/${room.id}`);
      expect(last.body.members.map((x) => [x.user.id, x.role])).toEqual([[id(first), 'owner']]);
    });
  });

  describe('search', () => {
    it('finds messages with all the words, only in the caller’s conversations, never deleted ones', async () => {
      const [x, y, z] = await Promise.all([registerUser(system), registerUser(system), registerUser(system)]);
      const word = `kiwi${Date.now().toString(36)}`;
      const a = (await send(x, y, `the ${word} banana smoothie`)).body;
      await send(x, y, `just ${word}`);
      const b = (await send(y, x, `Banana and ${word.toUpperCase()}!`)).body;
      const gone = (await send(x, y, `${word} banana deleted`)).body;
      await as(x, 'DELETE', `/api/chat/messages/${gone.id}`);
      const secret = (await send(z, y, `${word} banana secret`)).body;

      const res = await as<MessagePage>(x, 'GET', `/api/chat/search?q=${encodeURIComponent(`banana ${word}`)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((m) => m.id)).toEqual([b.id, a.id]);
      const page1 = await as<MessagePage>(x, 'GET', `/api/chat/search?q=banana%20${word}&limit=1`);
      const page2 = await as<MessagePage>(x, 'GET', `/api/chat/search?q=banana%20${word}&limit=1&cursor=${page1.body.nextCursor}`);
      expect([...page1.body.items, ...page2.body.items].map((m) => m.id)).toEqual([b.id, a.id]);
      expect(page2.body.nextCursor).toBeNull();

      const ys = await as<MessagePage>(y, 'GET', `/api/chat/search?q=banana%20${word}`);
      expect(ys.body.items.map((m) => m.id)).toEqual([secret.id, b.id, a.id]);
      const scoped = await as<MessagePage>(y, 'GET', `/api/chat/search?q=${word}&conversationId=${secret.conversationId}`);
      expect(scoped.body.items.map((m) => m.id)).toEqual([secret.id]);
      const leak = await as(x, 'GET', `/api/chat/search?q=${word}&conversationId=${secret.conversationId}`);
      expect(leak.status).toBe(403);
      expect((await as(x, 'GET', '/api/chat/search?q=%20%20')).status).toBe(400);

      // FTS query syntax in user input is just text: no 500, no operators, still all words.
      for (const q of [`"${word}" OR banana`, `${word}* -banana`, `NEAR(${word} banana)`, `(${word}) AND "`, `${word}" banana`]) {
        const odd = await as<MessagePage>(x, 'GET', `/api/chat/search?q=${encodeURIComponent(q)}`);
        expect(odd.status).toBe(200);
        expect(odd.body.items.every((m) => m.content.toLowerCase().includes(word))).toBe(true);
      }
      const orIsAWord = await as<MessagePage>(x, 'GET', `/api/chat/search?q=${encodeURIComponent(`${word} OR nothingmatchesthis`)}`);
      expect(orIsAWord.body).toEqual({ items: [], nextCursor: null });
      // An edit is searched by its new text only.
      await as(x, 'PATCH', `/api/chat/messages/${a.id}`, { message: `the ${word} cherry smoothie` });
      expect((await as<MessagePage>(x, 'GET', `/api/chat/search?q=banana%20${word}`)).body.items.map((m) => m.id)).toEqual([b.id]);
      expect((await as<MessagePage>(x, 'GET', `/api/chat/search?q=cherry%20${word}`)).body.items.map((m) => m.id)).toEqual([a.id]);
    });
  });

  describe('deliveries', () => {
    it('publishes conversation:new, message:new/updated/deleted and conversation:read for the members on NATS', async () => {
      const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
      // One copy per member on `<prefix>.<userId>` (docs/adr/0012); the copies of one delivery leave back to back
      // with the same bytes, so they are folded back into one ChatDelivery with its userIds.
      const prefix = `${system.namespace}.${CHAT_BROADCASTS.delivery}`;
      const seen: (ChatDelivery & { raw: string })[] = [];
      const sub = nc.subscribe(`${prefix}.>`, {
        callback: (_err, msg) => {
          const userId = msg.subject.slice(prefix.length + 1);
          const raw = msg.string();
          const last = seen.at(-1);
          if (last?.raw === raw) last.userIds.push(userId);
          else seen.push({ ...msg.json<UserDelivery>(), userIds: [userId], raw });
        },
      });
      try {
        const [x, y] = await Promise.all([registerUser(system), registerUser(system)]);
        const m = (await send(x, y, 'push me')).body;
        await as(x, 'PATCH', `/api/chat/messages/${m.id}`, { message: 'pushed' });
        await as(y, 'POST', `/api/chat/conversations/${m.conversationId}/read`, { seq: 2 });
        await as(x, 'DELETE', `/api/chat/messages/${m.id}`);
        await nc.flush();
        const deadline = Date.now() + 5000;
        const mine = () => seen.filter((d) => d.userIds.some((u) => u === id(x) || u === id(y)));
        while (mine().length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const both = [id(x), id(y)].sort().join(',');
        const summary = mine().map((d) => `${d.event} -> ${[...d.userIds].sort().join(',')}`);
        // One announcement per member (each sees their own unread count), then the changes in the order they happened.
        expect(summary.slice(0, 2).sort()).toEqual([`conversation:new -> ${id(x)}`, `conversation:new -> ${id(y)}`].sort());
        expect(summary.slice(2)).toEqual([`message:new -> ${both}`, `message:updated -> ${both}`, `conversation:read -> ${both}`, `message:deleted -> ${both}`]);
        const [newForY] = mine().filter((d) => d.event === 'conversation:new' && d.userIds[0] === id(y));
        expect(newForY?.data).toMatchObject({ id: m.conversationId, type: 'direct', unreadCount: 1, lastSeq: 1 });
        expect(mine().find((d) => d.event === 'message:new')?.data).toEqual(m);
        expect(mine().find((d) => d.event === 'message:updated')?.data).toMatchObject({ id: m.id, content: 'pushed' });
        expect(mine().find((d) => d.event === 'conversation:read')?.data).toEqual({ conversationId: m.conversationId, userId: id(y), lastReadSeq: 2 });
        expect(mine().find((d) => d.event === 'message:deleted')?.data).toEqual({ id: m.id, conversationId: m.conversationId, seq: 1 });
      } finally {
        sub.unsubscribe();
        await nc.close();
      }
    });
  });
});
