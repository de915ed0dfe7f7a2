import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '#common';
import type { ChatDelivery, Conversation, PublicUser } from '#contracts';
import type { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { recordedDeliveries } from '../testing/chat-deliveries.fixture.js';
import type { UsersDirectory } from '../directory/users-directory.js';
import { chatRepositoryFactories, messageViews, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';
import { ConversationAccess } from './conversation-access.js';
import { ConversationsService } from './conversations.service.js';
import { noAttachments } from '../testing/attachments.fixture.js';
import { announcementFeedFor } from '../testing/moderation-repositories.fixture.js';

describe('ConversationsService (sqlite)', () => {
  const caller = { userId: newId(), sessionId: newId() };
  const other = newId();
  let close: () => Promise<void>;
  let repos: ChatRepos;
  let published: ChatDelivery[];
  let deliveries: ChatDeliveries;
  let profileRequests: string[][];
  let service: ConversationsService;

  beforeEach(async () => {
    const fixture = await chatRepositoryFactories.sqlite();
    ({ repos, close } = fixture);
    profileRequests = [];
    const profiles = async (ids: Iterable<string>) => {
      profileRequests.push([...ids]);
      return new Map([...ids].map((id) => [id, { id } as PublicUser]));
    };
    const users = { profiles, isBlocked: async () => false } as unknown as UsersDirectory;
    ({ deliveries, published } = recordedDeliveries());
    service = new ConversationsService(repos.conversations, repos.messages, new ConversationAccess(repos.conversations, users, announcementFeedFor(repos)), users, deliveries, repos.mentions, messageViews(repos), repos.calls, announcementFeedFor(repos), noAttachments);
  });

  afterEach(async () => close());

  const send = (conversationId: string, content: string) =>
    repos.messages.append({ id: newId(), conversationId, senderId: other, content, clientMsgId: null, createdAt: new Date() });

  it('syncs several conversations after their own seqs, skipping those the caller is not in, within the limit', async () => {
    const one = await seedConversation(repos, [caller.userId, other]);
    const two = await seedConversation(repos, [caller.userId, other]);
    const foreign = await seedConversation(repos, [other]);
    for (const c of [one, two, foreign]) for (const text of ['a', 'b', 'c']) await send(c.id, `${c.id}:${text}`);

    const all = await service.sync({
      caller,
      conversations: [
        { conversationId: foreign.id, after: 0 },
        { conversationId: one.id, after: 1 },
        { conversationId: two.id, after: 0 },
      ],
    });
    expect(all.more).toBe(false);
    expect(all.events.map((e) => [e.conversationId, e.seq])).toEqual([
      [one.id, 2],
      [one.id, 3],
      [two.id, 1],
      [two.id, 2],
      [two.id, 3],
    ]);

    const cut = await service.sync({ caller, limit: 3, conversations: [{ conversationId: one.id, after: 0 }, { conversationId: two.id, after: 0 }] });
    expect(cut.events.map((e) => [e.conversationId, e.seq])).toEqual([
      [one.id, 1],
      [one.id, 2],
      [one.id, 3],
    ]);
    expect(cut.more).toBe(true);
  });

  it('announces a read position to the members only when it moved', async () => {
    const room = await seedConversation(repos, [caller.userId, other]);
    await send(room.id, 'x');
    expect(await service.markRead({ caller, conversationId: room.id, seq: 5 })).toEqual({ conversationId: room.id, lastReadSeq: 1 });
    expect(await service.markRead({ caller, conversationId: room.id, seq: 1 })).toEqual({ conversationId: room.id, lastReadSeq: 1 });
    await deliveries.drained();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ event: 'conversation:read', data: { conversationId: room.id, userId: caller.userId, lastReadSeq: 1 } });
    expect([...(published[0]?.userIds ?? [])].sort()).toEqual([caller.userId, other].sort());
  });

  it('relays typing to the other members only, stores nothing, and refuses a non-member', async () => {
    const third = newId();
    const room = await seedConversation(repos, [caller.userId, other, third]);
    expect(await service.typing({ caller, conversationId: room.id, isTyping: true })).toEqual({});
    await deliveries.drained();
    expect(published).toEqual([{ userIds: expect.arrayContaining([other, third]), event: 'typing', data: { conversationId: room.id, userId: caller.userId, isTyping: true } }]);
    expect(published[0]?.userIds).toHaveLength(2);
    expect(await repos.messages.events(room.id, 0, 10)).toEqual([]);
    const foreign = await seedConversation(repos, [other]);
    await expect(service.typing({ caller, conversationId: foreign.id, isTyping: true })).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
  });

  it('announces a new room to each member with their own read state, asking for the member profiles once', async () => {
    const members = [caller.userId, other, newId(), newId()];
    const room = await seedConversation(repos, members);
    await send(room.id, 'before the announcement');

    const announced = await service.conversationNew(room.id);
    expect(published).toEqual([]); // built, not sent: the caller enqueues it with the conversation's other pushes

    expect(announced.map((d) => d.userIds)).toEqual(members.map((id) => [id]));
    const views = announced.map((d) => d.data as Conversation);
    expect(views.map((v) => v.unreadCount)).toEqual([1, 0, 1, 1]);
    expect(views.every((v) => v.members.length === members.length)).toBe(true);
    expect(profileRequests).toHaveLength(1);
  });
});
