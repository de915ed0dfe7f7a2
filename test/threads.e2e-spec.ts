import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLIENT_EVENTS, type Message, type MessagePage, type RoomDetail, type SyncBatch, type SyncEvent } from '#contracts';
import { closeSockets, connectSocket, ok, type System, type TestUser } from './harness/index.js';
import { type RoomSetup, startRoomSystem } from './harness/room.js';

const REPLIES = 30;

/** What a client keeps of a conversation, built only from sync log events. */
interface ClientState {
  messages: Map<string, Message>;
  reactions: Map<string, Set<string>>;
  pinned: Set<string>;
  lastSeq?: number;
}

function replay(state: ClientState, events: SyncEvent[]): void {
  for (const event of events) {
    const target = event.messageId ?? '';
    if (event.message) state.messages.set(event.message.id, event.message);
    if (event.type === 'message.deleted' && event.message) {
      for (const key of [...state.reactions.keys()]) if (key.startsWith(`${event.message.id} `)) state.reactions.delete(key);
      state.pinned.delete(event.message.id);
    }
    const key = `${target} ${event.emoji}`;
    if (event.type === 'reaction.added') state.reactions.set(key, new Set([...(state.reactions.get(key) ?? []), event.userId ?? '']));
    if (event.type === 'reaction.removed') state.reactions.get(key)?.delete(event.userId ?? '');
    if (event.type === 'message.pinned') state.pinned.add(target);
    if (event.type === 'message.unpinned') state.pinned.delete(target);
  }
}

/** A root's thread as the client computes it from the replies it replayed (the same rule as the server's). */
function threadOf(state: ClientState, root: Message) {
  const replies = [...state.messages.values()].filter((m) => m.threadId === root.id && m.deletedAt === null).sort((a, b) => a.seq - b.seq);
  if (replies.length === 0) return null;
  const participantIds = [root.senderId, ...new Set(replies.map((m) => m.senderId).filter((id) => id !== root.senderId))];
  return { replyCount: replies.length, lastReplyAt: replies.map((m) => m.createdAt).sort().at(-1), participantIds };
}

describe('threads', () => {
  let system: System;
  let [alice, bob, carol, dave]: TestUser[] = [];
  let room: RoomDetail;
  let as: RoomSetup['as'];
  let post: RoomSetup['post'];
  let conversation: RoomSetup['conversation'];
  const unread = async (user: TestUser) => (await conversation(user)).unreadCount;

  beforeAll(async () => {
    // Alice's room with bob, carol and dave.
    ({ system, room, as, post, conversation, users: [alice, bob, carol, dave] } = await startRoomSystem('threads', 4));
    // Starting four processes takes well over a minute when the machine is loaded.
  }, 300_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('a 30-reply thread with reactions and pins: a client that syncs after being offline ends with the state of a fresh read', async () => {
    // Carol's client is up to date, then goes offline.
    const carolSocket = await connectSocket(system.baseUrl, carol.accessToken);
    const state: ClientState = { messages: new Map(), reactions: new Map(), pinned: new Set() };
    const sync = async (socket: typeof carolSocket) => {
      for (;;) {
        const lastSeen = state.lastSeq ?? 0;
        const batch = await ok<SyncBatch>(socket, CLIENT_EVENTS.sync, { conversations: { [room.id]: lastSeen } });
        replay(state, batch.events);
        state.lastSeq = Math.max(lastSeen, ...batch.events.map((e) => e.seq));
        if (!batch.more) return;
      }
    };
    await sync(carolSocket);
    carolSocket.disconnect();

    const root = await post(alice, 'thread root');
    const aliceSocket = await connectSocket(system.baseUrl, alice.accessToken);
    const replies: Message[] = [];
    for (let i = 0; i < REPLIES; i++) {
      const [from, via] = i % 2 === 0 ? [bob, 'rest'] : [alice, i % 4 === 1 ? 'socket' : 'rest'];
      replies.push(
        via === 'socket'
          ? await ok<Message>(aliceSocket, CLIENT_EVENTS.messageSend, { conversationId: room.id, content: `reply ${i}`, clientMsgId: `t-${i}-${root.id}`, threadId: root.id })
          : await post(from, `reply ${i}`, { threadId: root.id }),
      );
    }
    expect(replies.every((r) => r.threadId === root.id)).toBe(true);
    const main = await post(bob, 'main history goes on');
    for (const [user, messageId, emoji] of [
      [bob, root.id, '👍'],
      [alice, root.id, '👍'],
      [alice, replies[3].id, ':tada:'],
      [bob, replies[7].id, '🎉'],
    ] as const) {
      expect((await as(user, 'PUT', `/api/chat/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`)).status).toBe(204);
    }
    expect((await as(alice, 'DELETE', `/api/chat/messages/${root.id}/reactions/${encodeURIComponent('👍')}`)).status).toBe(204);
    for (const id of [root.id, replies[10].id]) expect((await as(alice, 'PUT', `/api/chat/messages/${id}/pin`)).status).toBe(204);
    expect((await as(alice, 'DELETE', `/api/chat/messages/${replies[10].id}/pin`)).status).toBe(204);
    expect((await as(alice, 'PUT', `/api/chat/messages/${replies[12].id}/pin`)).status).toBe(204);
    // A deleted reply leaves the thread's count (and its reaction goes with it).
    expect((await as(bob, 'DELETE', `/api/chat/messages/${replies[6].id}`)).status).toBe(204);

    // The fresh read.
    const history = (await as<MessagePage>(carol, 'GET', `/api/chat/rooms/${room.id}/messages?limit=100`)).body.items;
    expect(history.map((m) => m.id).slice(0, 2)).toEqual([main.id, root.id]);
    expect(history.some((m) => m.threadId !== null)).toBe(false);
    const freshRoot = history.find((m) => m.id === root.id) as Message;
    expect(freshRoot.thread).toEqual({ replyCount: REPLIES - 1, lastReplyAt: replies[REPLIES - 1].createdAt, participantIds: [alice.user.id, bob.user.id] });
    const thread = (await as<MessagePage>(carol, 'GET', `/api/chat/messages/${root.id}/thread?after=0&limit=100`)).body;
    expect(thread.items.map((m) => m.id)).toEqual(replies.map((r) => r.id));
    const pins = (await as<MessagePage>(carol, 'GET', `/api/chat/conversations/${room.id}/pins`)).body.items.map((m) => m.id);
    expect(pins).toEqual([replies[12].id, root.id]);

    // Carol comes back and syncs; her state must equal the fresh read.
    const back = await connectSocket(system.baseUrl, carol.accessToken);
    await sync(back);
    expect(threadOf(state, state.messages.get(root.id) as Message)).toEqual(freshRoot.thread);
    expect([...state.pinned].sort()).toEqual([...pins].sort());
    const freshReactions = [freshRoot, ...thread.items].flatMap((m) => m.reactions.map((r) => [`${m.id} ${r.emoji}`, [...r.userIds].sort()]));
    const synced = [...state.reactions].filter(([, users]) => users.size > 0).map(([key, users]) => [key, [...users].sort()]);
    expect(synced.sort()).toEqual(freshReactions.sort());
    expect(new Set([...state.messages.values()].filter((m) => m.threadId === root.id).map((m) => m.id))).toEqual(new Set(replies.map((r) => r.id)));
  });

  it('rejects a root of another conversation, a reply as root, unknown ids (404); thread replies count as unread only for participants and the mentioned', async () => {
    const root = await post(alice, 'second root');
    const reply = await post(bob, 'first answer', { threadId: root.id });
    expect((await as(bob, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'nested', threadId: reply.id })).status).toBe(404);
    expect((await as(bob, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'x', threadId: 'nope' })).status).toBe(404);
    const other = (await as<RoomDetail>(bob, 'POST', '/api/chat/rooms', { name: 'other' })).body;
    expect((await as(bob, 'POST', `/api/chat/rooms/${other.id}/messages`, { message: 'x', threadId: root.id })).status).toBe(404);
    expect((await as(bob, 'GET', `/api/chat/messages/${reply.id}/thread`)).status).toBe(404);

    // Everybody reads up to here; then a reply by bob, and one by alice that mentions dave.
    for (const user of [alice, bob, carol, dave]) await as(user, 'POST', `/api/chat/conversations/${room.id}/read`, { seq: reply.seq });
    await post(bob, 'second answer', { threadId: root.id });
    await post(alice, `@${dave.username} have a look`, { threadId: root.id });
    // alice: root sender (bob's reply); bob: replied (alice's); carol: none; dave: mentioned once.
    expect([await unread(alice), await unread(bob), await unread(carol), await unread(dave)]).toEqual([1, 1, 0, 1]);
  });
});
