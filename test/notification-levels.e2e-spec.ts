import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHAT_SUBJECTS, type Conversation, type ConversationPage, type Message, type RoomDetail } from '#contracts';
import { RpcClient } from '#common';
import { registerUser, type System, type TestUser } from './harness/index.js';
import { type RoomSetup, startRoomSystem } from './harness/room.js';

describe('notification levels', () => {
  let system: System;
  let rpc: RpcClient;
  let [owner, member, outsider]: TestUser[] = [];
  let room: RoomDetail;
  let as: RoomSetup['as'];
  const setLevel = (user: TestUser, conversationId: string, level: unknown) => as<{ level: string }>(user, 'PUT', `/api/chat/conversations/${conversationId}/notifications`, { level });

  beforeAll(async () => {
    ({ system, room, as, users: [owner, member] } = await startRoomSystem('levels', 2));
    outsider = await registerUser(system);
    // The notifications service's view of chat: the typed rpc, straight on the bus of this system.
    rpc = new RpcClient({ servers: system.env.NATS_URL, namespace: system.namespace, timeoutMs: 10_000, name: 'e2e-notification-levels' });
    await rpc.onApplicationBootstrap();
    // Starting four processes takes well over a minute when the machine is loaded.
  }, 300_000);

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await system?.shutdown();
  });

  it('sets a level per member and conversation, shown on the conversation; default all', async () => {
    expect((await as<Conversation>(member, 'GET', `/api/chat/conversations/${room.id}`)).body.notificationLevel).toBe('all');
    expect(await setLevel(member, room.id, 'mentions')).toMatchObject({ status: 200, body: { level: 'mentions' } });
    expect((await as<Conversation>(member, 'GET', `/api/chat/conversations/${room.id}`)).body.notificationLevel).toBe('mentions');
    // Per member: the owner's stays.
    expect((await as<Conversation>(owner, 'GET', `/api/chat/conversations/${room.id}`)).body.notificationLevel).toBe('all');
    const listed = (await as<ConversationPage>(member, 'GET', '/api/chat/conversations')).body.items.find((c) => c.id === room.id);
    expect(listed?.notificationLevel).toBe('mentions');
  });

  it('rejects an unknown level (400), an outsider (403 for a public room) and an unknown or malformed id (404)', async () => {
    expect((await setLevel(member, room.id, 'loud')).status).toBe(400);
    expect((await setLevel(outsider, room.id, 'none')).status).toBe(403);
    expect((await setLevel(member, 'not-an-id', 'none')).status).toBe(404);
    expect((await setLevel(member, '00000000-0000-4000-8000-000000000000', 'none')).status).toBe(404);
  });

  it('tells the notifications service, per stored message, every other member with level and read position', async () => {
    await setLevel(owner, room.id, 'none');
    await setLevel(member, room.id, 'all');
    const sent = (await as<Message>(owner, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'hello all' })).body;
    const audience = await rpc.request(CHAT_SUBJECTS.messageAudience, { messageId: sent.id });
    expect(audience).toEqual({
      messageId: sent.id,
      conversationId: room.id,
      conversationType: 'group',
      seq: sent.seq,
      senderId: owner.user.id,
      content: 'hello all',
      threadId: null,
      deletedAt: null,
      members: [{ userId: member.user.id, level: 'all', lastReadSeq: expect.any(Number), mentioned: false, countsAsUnread: true }],
    });
    expect(audience.members[0].lastReadSeq).toBeLessThan(sent.seq);
    await as(member, 'POST', `/api/chat/conversations/${room.id}/read`, { seq: sent.seq });
    expect((await rpc.request(CHAT_SUBJECTS.messageAudience, { messageId: sent.id })).members[0].lastReadSeq).toBe(sent.seq);
    await expect(rpc.request(CHAT_SUBJECTS.messageAudience, { messageId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says who is mentioned and whether a thread reply counts for them (root sender, repliers, mentioned)', async () => {
    const root = (await as<Message>(member, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'root' })).body;
    const reply = (await as<Message>(owner, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: 'in thread', threadId: root.id })).body;
    const third = await registerUser(system);
    await as(third, 'POST', `/api/chat/rooms/${room.id}/join`);
    const mention = (await as<Message>(owner, 'POST', `/api/chat/rooms/${room.id}/messages`, { message: `@${third.username} see`, threadId: root.id })).body;
    const byUser = async (messageId: string) =>
      Object.fromEntries((await rpc.request(CHAT_SUBJECTS.messageAudience, { messageId })).members.map((m) => [m.userId, [m.mentioned, m.countsAsUnread]]));
    expect(await byUser(reply.id)).toEqual({ [member.user.id]: [false, true], [third.user.id]: [false, false] });
    expect(await byUser(mention.id)).toEqual({ [member.user.id]: [false, true], [third.user.id]: [true, true] });
  });
});
