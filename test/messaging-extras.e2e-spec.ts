import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import {
  CLIENT_EVENTS,
  type Message,
  type MessagePage,
  type PinChange,
  type ReactionChange,
  type ReactionPage,
  type RoomDetail,
  SERVER_EVENTS,
  type SyncBatch,
  type SyncPage,
} from '#contracts';
import { closeSockets, connectSocket, emit, EVENT_TIMEOUT_MS, ok, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

const EMOJI = ['👍', ':tada:'] as const;
// 20 users x 4 steps stays within one page of the sync log (100 events).
const OPS_PER_USER = 4;

describe('messaging extras: reactions and pins', () => {
  let system: System;
  let owner: TestUser;
  let outsider: TestUser;
  let reactors: TestUser[];
  let room: RoomDetail;

  const as = <T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown) =>
    system.request<T>(method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
  const reactionPath = (messageId: string, emoji: string) => `/api/chat/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;
  const post = async (user: TestUser, message: string) => {
    const sent = await as<Message>(user, 'POST', `/api/chat/rooms/${room.id}/messages`, { message });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const historyOf = async (user: TestUser, messageId: string) => {
    const page = await as<MessagePage>(user, 'GET', `/api/chat/rooms/${room.id}/messages?limit=100`);
    expect(page.status).toBe(200);
    return page.body.items.find((m) => m.id === messageId);
  };

  beforeAll(async () => {
    system = await startSystem();
    [owner, outsider, ...reactors] = await Promise.all(Array.from({ length: 22 }, () => registerUser(system)));
    const created = await as<RoomDetail>(owner, 'POST', '/api/chat/rooms', { name: 'reactions', memberIds: reactors.map((r) => r.user.id) });
    expect(created.status).toBe(201);
    room = created.body;
  });

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('20 users toggling concurrently over REST and socket end with the aggregate, the list and the log of a per-user truth table', async () => {
    const message = await post(owner, 'react to me');
    const watcher = await connectSocket(system.baseUrl, owner.accessToken);
    const pushes: ReactionChange[] = [];
    watcher.on(SERVER_EVENTS.messageReaction, (change: ReactionChange) => pushes.push(change));
    const sockets: Socket[] = await Promise.all(reactors.map((r) => connectSocket(system.baseUrl, r.accessToken)));

    // Each user's script is random; every step is sent twice at once (REST and socket): a retry must not count twice.
    const truth = new Map<string, boolean>();
    await Promise.all(
      reactors.map(async (user, i) => {
        for (let step = 0; step < OPS_PER_USER; step++) {
          const emoji = EMOJI[Math.floor(Math.random() * EMOJI.length)];
          const add = Math.random() < 0.6;
          const [rest, ack] = await Promise.all([
            as(user, add ? 'PUT' : 'DELETE', reactionPath(message.id, emoji)),
            emit(sockets[i], add ? CLIENT_EVENTS.reactionAdd : CLIENT_EVENTS.reactionRemove, { messageId: message.id, emoji }),
          ]);
          expect(rest.status).toBe(204);
          expect(ack).toEqual({ ok: true, data: {} });
          truth.set(`${user.user.id} ${emoji}`, add);
        }
      }),
    );
    const expected = EMOJI.map((emoji) => ({ emoji, userIds: reactors.map((r) => r.user.id).filter((id) => truth.get(`${id} ${emoji}`)).sort() })).filter(
      (e) => e.userIds.length > 0,
    );

    const shown = await historyOf(owner, message.id);
    const aggregate = (shown?.reactions ?? []).map((r) => ({ emoji: r.emoji, count: r.count, userIds: [...r.userIds].sort() }));
    expect([...aggregate].sort((a, b) => a.emoji.localeCompare(b.emoji))).toEqual(
      expected.map((e) => ({ ...e, count: e.userIds.length })).sort((a, b) => a.emoji.localeCompare(b.emoji)),
    );

    for (const { emoji, userIds } of expected) {
      const listed = await as<ReactionPage>(reactors[0], 'GET', `/api/chat/messages/${message.id}/reactions?emoji=${encodeURIComponent(emoji)}&limit=100`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((r) => r.user.id).sort()).toEqual(userIds);
    }

    // Replaying the log from the message on gives the same state: every change is an event with its own seq.
    const log = await as<SyncPage>(owner, 'GET', `/api/chat/conversations/${room.id}/events?after=${message.seq - 1}&limit=100`);
    const replayed = new Map<string, boolean>();
    for (const event of log.body.items) {
      expect(event.seq).toBe(message.seq + log.body.items.indexOf(event));
      if (event.type === 'reaction.added' || event.type === 'reaction.removed') {
        expect(event.messageId).toBe(message.id);
        replayed.set(`${event.userId} ${event.emoji}`, event.type === 'reaction.added');
      }
    }
    expect([...replayed].filter(([, on]) => on).map(([key]) => key).sort()).toEqual([...truth].filter(([, on]) => on).map(([key]) => key).sort());
    const reactionEvents = log.body.items.filter((e) => e.type.startsWith('reaction.'));
    expect(reactionEvents.length).toBeLessThanOrEqual(reactors.length * OPS_PER_USER);

    // Each event was pushed once, as message:reaction with its seq.
    const lastSeq = reactionEvents.at(-1)?.seq ?? 0;
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    while (pushes.length < reactionEvents.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pushes.map((p) => p.seq).sort((a, b) => a - b)).toEqual(reactionEvents.map((e) => e.seq));
    expect(pushes.find((p) => p.seq === lastSeq)).toMatchObject({ conversationId: room.id, messageId: message.id, action: reactionEvents.at(-1)?.type === 'reaction.added' ? 'added' : 'removed' });
  });

  it('validates the emoji, needs membership, refuses a 21st emoji and takes none on a deleted message', async () => {
    const message = await post(owner, 'rules');
    const [reactor] = reactors;
    for (const bad of ['ab', '👍👍', ':Bad:', ':' + 'x'.repeat(33) + ':', 'x']) {
      const refused = await as(reactor, 'PUT', reactionPath(message.id, bad));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // Skin tones, flags and ZWJ sequences are one grapheme cluster each.
    for (const good of ['👍🏽', '🇫🇷', '👩‍👩‍👧', '1️⃣', ':+1:']) expect((await as(reactor, 'PUT', reactionPath(message.id, good))).status).toBe(204);
    expect((await as(outsider, 'PUT', reactionPath(message.id, '👍'))).body).toMatchObject({ code: 'NOT_A_MEMBER' });
    const socket = await connectSocket(system.baseUrl, reactor.accessToken);
    expect(await emit(socket, CLIENT_EVENTS.reactionAdd, { messageId: message.id, emoji: 'nope' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await emit(socket, CLIENT_EVENTS.reactionAdd, { messageId: 'unknown', emoji: '👍' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    for (let i = 0; i < 15; i++) await ok(socket, CLIENT_EVENTS.reactionAdd, { messageId: message.id, emoji: `:e${i}:` });
    const tooMany = await as(reactor, 'PUT', reactionPath(message.id, ':one-too-many:'));
    expect(tooMany.status).toBe(409);
    expect((await as(reactors[1], 'PUT', reactionPath(message.id, ':e0:'))).status).toBe(204);
    expect((await historyOf(reactor, message.id))?.reactions.find((r) => r.emoji === ':e0:')).toMatchObject({ count: 2, userIds: [reactors[1].user.id, reactor.user.id] });

    expect((await as(owner, 'DELETE', `/api/chat/messages/${message.id}`)).status).toBe(204);
    expect((await as(reactor, 'PUT', reactionPath(message.id, '👍'))).status).toBe(404);
    expect((await historyOf(reactor, message.id))?.reactions).toEqual([]);
    const listed = await as<ReactionPage>(reactor, 'GET', `/api/chat/messages/${message.id}/reactions`);
    expect(listed.body.items).toEqual([]);
  });

  it('pins: owner/admin in rooms, either member in direct conversations; a client that syncs ends with the pins and reactions of a fresh read', async () => {
    const [member, other] = reactors;
    const message = await post(member, 'pin me');
    const second = await post(member, 'and me');
    const watcher = await connectSocket(system.baseUrl, member.accessToken);
    const pushed: PinChange[] = [];
    watcher.on(SERVER_EVENTS.messagePinned, (change: PinChange) => pushed.push(change));
    const lastSeen = second.seq;

    expect((await as(member, 'PUT', `/api/chat/messages/${message.id}/pin`)).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await as(outsider, 'PUT', `/api/chat/messages/${message.id}/pin`)).body).toMatchObject({ code: 'NOT_A_MEMBER' });
    for (let i = 0; i < 2; i++) expect((await as(owner, 'PUT', `/api/chat/messages/${message.id}/pin`)).status).toBe(204);
    expect((await as(owner, 'PUT', `/api/chat/messages/${second.id}/pin`)).status).toBe(204);
    expect((await as(owner, 'DELETE', `/api/chat/messages/${second.id}/pin`)).status).toBe(204);
    expect((await as(other, 'PUT', reactionPath(message.id, '🎉'))).status).toBe(204);

    const pins = await as<MessagePage>(member, 'GET', `/api/chat/conversations/${room.id}/pins`);
    expect(pins.status).toBe(200);
    expect(pins.body.items.map((m) => [m.id, m.pinnedBy])).toEqual([[message.id, owner.user.id]]);
    const fresh = await historyOf(member, message.id);
    expect(fresh).toMatchObject({ pinnedBy: owner.user.id, pinnedAt: expect.any(String), reactions: [{ emoji: '🎉', count: 1, userIds: [other.user.id] }] });

    // A client offline since `lastSeen` replays the log and reaches the same state.
    const late = await connectSocket(system.baseUrl, other.accessToken);
    const batch = await ok<SyncBatch>(late, CLIENT_EVENTS.sync, { conversations: { [room.id]: lastSeen } });
    const pinned = new Set<string>();
    const reacted = new Map<string, Set<string>>();
    for (const event of batch.events) {
      const target = event.messageId ?? '';
      if (event.type === 'message.pinned') pinned.add(target);
      if (event.type === 'message.unpinned') pinned.delete(target);
      if (event.type === 'reaction.added') reacted.set(`${target} ${event.emoji}`, new Set([...(reacted.get(`${target} ${event.emoji}`) ?? []), event.userId ?? '']));
    }
    expect([...pinned]).toEqual(pins.body.items.map((m) => m.id));
    expect([...reacted].map(([key, users]) => [key, [...users]])).toEqual([[`${message.id} 🎉`, [other.user.id]]]);
    expect(batch.events.map((e) => e.seq)).toEqual(batch.events.map((_, i) => lastSeen + 1 + i));

    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    while (pushed.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pushed.map((p) => [p.messageId, p.pinned])).toEqual([[message.id, true], [second.id, true], [second.id, false]]);

    // Direct conversations: either member pins.
    const direct = await as<Message>(member, 'POST', '/api/chat/send', { recipientId: other.user.id, message: 'dm' });
    expect((await as(other, 'PUT', `/api/chat/messages/${direct.body.id}/pin`)).status).toBe(204);
    const directPins = await as<MessagePage>(member, 'GET', `/api/chat/conversations/${direct.body.conversationId}/pins`);
    expect(directPins.body.items.map((m) => m.pinnedBy)).toEqual([other.user.id]);
  });

  it('replies quote the first 200 code points of a message of the same conversation, live through edits and deletes', async () => {
    const [author, replier] = reactors;
    const long = '🙂'.repeat(150) + 'x'.repeat(100);
    const original = await post(author, long);
    const reply = await as<Message>(replier, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'agreed', replyToId: original.id });
    expect(reply.status).toBe(201);
    expect(reply.body.replyTo).toEqual({ id: original.id, senderId: author.user.id, content: '🙂'.repeat(150) + 'x'.repeat(50), deletedAt: null });

    const socket = await connectSocket(system.baseUrl, replier.accessToken);
    const viaSocket = await ok<Message>(socket, CLIENT_EVENTS.messageSend, { conversationId: room.id, content: 'me too', clientMsgId: 'reply-1', replyToId: original.id });
    expect(viaSocket.replyTo?.id).toBe(original.id);

    expect((await as(author, 'PATCH', `/api/chat/messages/${original.id}`, { message: 'changed my mind' })).status).toBe(200);
    expect((await historyOf(replier, reply.body.id))?.replyTo).toMatchObject({ content: 'changed my mind', deletedAt: null });
    expect((await as(author, 'DELETE', `/api/chat/messages/${original.id}`)).status).toBe(204);
    expect((await historyOf(replier, reply.body.id))?.replyTo).toMatchObject({ id: original.id, content: '', deletedAt: expect.any(String) });

    const elsewhere = await as<Message>(replier, 'POST', '/api/chat/send', { recipientId: author.user.id, message: 'dm' });
    const crossed = await as(replier, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'x', replyToId: elsewhere.body.id });
    expect(crossed.status).toBe(404);
    expect((await as(replier, 'POST', '/api/chat/send', { recipientId: outsider.user.id, message: 'x', replyToId: original.id })).status).toBe(404);
    // The refused first send opened no conversation with the outsider.
    const list = await as<{ items: { id: string; members: { id: string }[] }[] }>(outsider, 'GET', '/api/chat/conversations');
    expect(list.body.items).toEqual([]);
  });
});
