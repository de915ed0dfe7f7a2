import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, MessagePage, RoomDetail, SyncPage } from '#contracts';
import { registerUser, type System, type TestUser } from './harness/index.js';
import { type RoomSetup, startRoomSystem } from './harness/room.js';

describe('mentions', () => {
  let system: System;
  let [owner, alice, bob, outsider]: TestUser[] = [];
  let room: RoomDetail;
  let as: RoomSetup['as'];
  let post: RoomSetup['post'];
  let conversation: RoomSetup['conversation'];
  const unreadMentions = async (user: TestUser) => (await conversation(user)).unreadMentionCount;
  const sorted = (...users: TestUser[]) => users.map((u) => u.user.id).sort();

  beforeAll(async () => {
    // The owner's room with alice and bob; the outsider is no member.
    ({ system, room, as, post, conversation, users: [owner, alice, bob] } = await startRoomSystem('mentions', 3));
    outsider = await registerUser(system);
    // Starting four processes takes well over a minute when the machine is loaded.
  }, 300_000);

  afterAll(async () => {
    await system?.shutdown();
  });

  it('resolves @username of members (case-insensitive) and @room from an owner/admin only; edits re-resolve; unreadMentionCount moves with reads', async () => {
    const byAlice = await post(alice, `hi @${bob.username.toUpperCase()}, @${outsider.username} and @room!`);
    // The outsider is no member; @room from a plain member mentions nobody; the text stays as written.
    expect(byAlice.mentions).toEqual([bob.user.id]);
    expect(byAlice.content).toContain('@room!');
    const byOwner = await post(owner, '@room standup in 5');
    expect(byOwner.mentions).toEqual(sorted(alice, bob));
    await post(owner, 'no mention here, not even owner@example.com');
    expect(await unreadMentions(bob)).toBe(2);
    expect(await unreadMentions(alice)).toBe(1);
    expect(await unreadMentions(owner)).toBe(0);

    await as(bob, 'POST', `/api/chat/conversations/${room.id}/read`, { seq: byAlice.seq });
    expect(await unreadMentions(bob)).toBe(1);
    // Edits re-resolve: bob is no longer mentioned by alice's message, alice now mentions the owner.
    const edited = await as<Message>(alice, 'PATCH', `/api/chat/messages/${byAlice.id}`, { message: `sorry, I meant @${owner.username}.` });
    expect(edited.body.mentions).toEqual([owner.user.id]);
    expect(await unreadMentions(owner)).toBe(1);
    // A deleted message mentions nobody any more.
    await as(owner, 'DELETE', `/api/chat/messages/${byOwner.id}`);
    expect(await unreadMentions(bob)).toBe(0);
    await as(owner, 'POST', `/api/chat/conversations/${room.id}/read`, { seq: 1000 });
    expect(await unreadMentions(owner)).toBe(0);
  });

  it('lists the messages that mention the caller, newest first, paged; the sync log shows mentions and the quote', async () => {
    const first = await post(alice, `@${bob.username} one`);
    const second = await post(owner, `two for @${bob.username}`, { replyToId: first.id });
    const page1 = await as<MessagePage>(bob, 'GET', '/api/chat/mentions?limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((m) => m.id)).toEqual([second.id]);
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await as<MessagePage>(bob, 'GET', `/api/chat/mentions?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor ?? '')}`);
    expect(page2.body.items.map((m) => m.id)).toEqual([first.id]);
    expect((await as<MessagePage>(outsider, 'GET', '/api/chat/mentions')).body).toEqual({ items: [], nextCursor: null });

    // Snapshots in the log carry the quote and the mentions as history shows them.
    const log = await as<SyncPage>(bob, 'GET', `/api/chat/conversations/${room.id}/events?after=${first.seq - 1}`);
    const created = log.body.items.find((e) => e.type === 'message.created' && e.message?.id === second.id)?.message;
    expect(created?.mentions).toEqual([bob.user.id]);
    expect(created?.replyTo).toEqual({ id: first.id, senderId: alice.user.id, content: `@${bob.username} one`, deletedAt: null });
    const history = await as<MessagePage>(bob, 'GET', `/api/chat/rooms/${room.id}/messages?limit=5`);
    const shown = history.body.items.find((m) => m.id === second.id);
    expect(created).toEqual({ ...shown, reactions: [], pinnedAt: null, pinnedBy: null });
  });
});
