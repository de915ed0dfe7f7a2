import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, seedConversation } from '../testing/chat-repositories.fixture.js';
import { pairKeyOf } from './conversation.entity.js';

const users = () => Array.from({ length: 4 }, () => newId());

repositoryContract('ConversationRepository', chatRepositoryFactories, (repos) => {
  it('keeps one direct conversation per pair, whoever opens it and however concurrently', async () => {
    const [a, b] = users() as [string, string];
    const now = new Date();
    const open = (from: string, to: string) => {
      const id = newId();
      return repos().conversations.openDirect(
        { id, type: 'direct', pairKey: pairKeyOf(from, to), name: null, description: '', visibility: null, createdBy: from, createdAt: now, lastSeq: 0, activityAt: now },
        [from, to].map((userId) => ({ conversationId: id, userId, role: 'member' as const, joinedAt: now, lastReadSeq: 0 })),
      );
    };
    const results = await Promise.all([open(a, b), open(b, a), open(a, b), open(b, a)]);
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const id = results[0].conversation.id;
    expect((await repos().conversations.findByPairKey(pairKeyOf(b, a)))?.id).toBe(id);
    expect((await repos().conversations.listMembers(id)).map((m) => m.userId).sort()).toEqual([a, b].sort());
    expect((await repos().conversations.listForMember(a, null, 10)).map((s) => s.conversation.id)).toEqual([id]);
  });

  it('adds and removes members once, starting a newcomer’s read position at their join', async () => {
    const [a, b, c] = users() as [string, string, string];
    const room = await seedConversation(repos(), [a, b]);
    await repos().messages.append({ id: newId(), conversationId: room.id, senderId: a, content: 'hi', clientMsgId: null, createdAt: new Date() });
    const joined = await repos().conversations.addMember(room.id, c, 'member', new Date());
    expect(joined?.seq).toBe(2);
    expect(await repos().conversations.addMember(room.id, c, 'member', new Date())).toBeNull();
    expect(await repos().conversations.findMember(room.id, c)).toMatchObject({ role: 'member', lastReadSeq: 2 });
    expect(await repos().conversations.countMembers(room.id)).toBe(3);

    expect(await repos().conversations.removeMember(room.id, a, b, new Date())).toMatchObject({ seq: 3, type: 'member.left' });
    expect(await repos().conversations.removeMember(room.id, a, null, new Date())).toBeNull();
    expect((await repos().conversations.listMembers(room.id)).map((m) => [m.userId, m.role])).toEqual([
      [b, 'owner'],
      [c, 'member'],
    ]);
    await repos().conversations.setRole(room.id, c, 'admin');
    expect((await repos().conversations.findMember(room.id, c))?.role).toBe('admin');
  });

  it('finds membership events of the log in a seq range (the membership cache’s check)', async () => {
    const [a, b, c] = users() as [string, string, string];
    const room = await seedConversation(repos(), [a, b]);
    const send = () => repos().messages.append({ id: newId(), conversationId: room.id, senderId: a, content: 'x', clientMsgId: null, createdAt: new Date() });
    await send(); // 1
    await repos().conversations.addMember(room.id, c, 'member', new Date()); // 2
    await send(); // 3
    await repos().conversations.removeMember(room.id, c, null, new Date()); // 4
    expect(await repos().conversations.membershipChanged(room.id, 0, 1)).toBe(false);
    expect(await repos().conversations.membershipChanged(room.id, 1, 2)).toBe(true);
    expect(await repos().conversations.membershipChanged(room.id, 2, 3)).toBe(false);
    expect(await repos().conversations.membershipChanged(room.id, 2, 4)).toBe(true);
    expect(await repos().conversations.membershipChanged(room.id, 4, 10)).toBe(false);
  });

  it('reads the sync log of several conversations at once: members only, position order then seq, within the limit', async () => {
    const [a, b] = users() as [string, string];
    const [one, two, foreign] = [await seedConversation(repos(), [a, b]), await seedConversation(repos(), [a, b]), await seedConversation(repos(), [b])];
    for (const c of [one, two, foreign]) {
      for (let i = 0; i < 3; i++) {
        await repos().messages.append({ id: newId(), conversationId: c.id, senderId: b, content: `${i}`, clientMsgId: null, createdAt: new Date() });
      }
    }
    const seqs = (events: { conversationId: string; seq: number }[]) => events.map((e) => [e.conversationId, e.seq]);
    const positions = [
      { conversationId: two.id, after: 1 },
      { conversationId: foreign.id, after: 0 },
      { conversationId: one.id, after: 0 },
    ];
    expect(seqs(await repos().conversations.syncEvents(a, positions, 10))).toEqual([
      [two.id, 2],
      [two.id, 3],
      [one.id, 1],
      [one.id, 2],
      [one.id, 3],
    ]);
    expect(seqs(await repos().conversations.syncEvents(a, positions, 3))).toEqual([
      [two.id, 2],
      [two.id, 3],
      [one.id, 1],
    ]);
    expect((await repos().conversations.syncEvents(a, positions, 10))[2]).toMatchObject({ type: 'message.created', message: { content: '0' } });
    expect(await repos().conversations.syncEvents(a, [{ conversationId: one.id, after: 3 }], 10)).toEqual([]);
  });

  it('moves read positions forward only, clamped to lastSeq, and counts unread from positions', async () => {
    const [a, b] = users() as [string, string];
    const room = await seedConversation(repos(), [a, b]);
    const send = (senderId: string) =>
      repos().messages.append({ id: newId(), conversationId: room.id, senderId, content: 'x', clientMsgId: null, createdAt: new Date() });
    await send(a); // 1
    await send(a); // 2
    const own = await send(b); // 3
    const third = await send(a); // 4
    expect((await repos().conversations.summaryFor(room.id, b))?.unreadCount).toBe(3);
    expect(await repos().conversations.markRead(room.id, b, 1)).toEqual({ lastReadSeq: 1, moved: true });
    expect((await repos().conversations.summaryFor(room.id, b))?.unreadCount).toBe(2);
    await repos().messages.delete(third.message.id, a, new Date()); // 5
    expect((await repos().conversations.summaryFor(room.id, b))?.unreadCount).toBe(1);
    expect((await repos().conversations.summaryFor(room.id, a))?.unreadCount).toBe(1);
    expect(await repos().conversations.markRead(room.id, b, 0)).toEqual({ lastReadSeq: 1, moved: false });
    expect(await repos().conversations.markRead(room.id, b, 99)).toEqual({ lastReadSeq: 5, moved: true });
    const summary = await repos().conversations.summaryFor(room.id, b);
    expect(summary).toMatchObject({ lastReadSeq: 5, unreadCount: 0, memberIds: [a, b] });
    expect(summary?.lastMessage?.id).toBe(third.message.id);
    expect(summary?.conversation.lastSeq).toBe(5);
    expect(await repos().conversations.markRead(room.id, newId(), 1)).toBeNull();
    expect(own.message.seq).toBe(3);
  });

  it('lists a member’s conversations by latest activity with a keyset cursor', async () => {
    const [a, b, c] = users() as [string, string, string];
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const old = await seedConversation(repos(), [a, b], { at: t(1) });
    const mid = await seedConversation(repos(), [a, c], { at: t(2), type: 'direct' });
    const fresh = await seedConversation(repos(), [a], { at: t(3) });
    await seedConversation(repos(), [b, c], { at: t(4) });
    await repos().messages.append({ id: newId(), conversationId: old.id, senderId: b, content: 'bump', clientMsgId: null, createdAt: t(9) });
    const first = await repos().conversations.listForMember(a, null, 2);
    expect(first.map((s) => s.conversation.id)).toEqual([old.id, fresh.id]);
    const last = first[1].conversation;
    const rest = await repos().conversations.listForMember(a, { activityAt: last.activityAt, id: last.id }, 10);
    expect(rest.map((s) => s.conversation.id)).toEqual([mid.id]);
    expect(first[0]).toMatchObject({ unreadCount: 1, lastReadSeq: 0, lastMessage: { content: 'bump' } });
  });

  it('lists public rooms or the member’s rooms, newest first, filtered by a part of the name', async () => {
    const [a, b] = users() as [string, string];
    const one = await seedConversation(repos(), [a], { name: 'Alpha Team' });
    const two = await seedConversation(repos(), [b], { name: 'alphabet soup' });
    const secret = await seedConversation(repos(), [a], { name: 'Alpha secret', visibility: 'private' });
    await seedConversation(repos(), [a, b], { type: 'direct' });
    const list = (filter: Partial<Parameters<ReturnType<typeof repos>['conversations']['listRooms']>[0]>) =>
      repos().conversations.listRooms({ scope: 'public', userId: a, search: null, beforeId: null, limit: 10, ...filter });
    expect((await list({})).map((r) => r.conversation.id)).toEqual([two.id, one.id]);
    expect((await list({ scope: 'mine' })).map((r) => [r.conversation.id, r.memberCount])).toEqual([
      [secret.id, 1],
      [one.id, 1],
    ]);
    expect((await list({ search: 'team' })).map((r) => r.conversation.id)).toEqual([one.id]);
    expect((await list({ search: 'a.p' })).map((r) => r.conversation.id)).toEqual([]);
    expect((await list({ limit: 1, beforeId: two.id })).map((r) => r.conversation.id)).toEqual([one.id]);
    expect(await list({ beforeId: one.id })).toEqual([]);
  });

  it('keeps a notification level per member and conversation, default all, shown on the member and the summary', async () => {
    const [a, b, c] = users() as [string, string, string];
    const [room, other] = [await seedConversation(repos(), [a, b]), await seedConversation(repos(), [a, b])];
    expect((await repos().conversations.findMember(room.id, a))?.notificationLevel).toBe('all');
    expect(await repos().conversations.setNotificationLevel(room.id, a, 'mentions')).toBe(true);
    expect(await repos().conversations.setNotificationLevel(room.id, a, 'none')).toBe(true);
    expect(await repos().conversations.setNotificationLevel(room.id, c, 'none')).toBe(false);
    expect((await repos().conversations.listMembers(room.id)).map((m) => [m.userId, m.notificationLevel])).toEqual([
      [a, 'none'],
      [b, 'all'],
    ]);
    expect((await repos().conversations.summaryFor(room.id, a))?.notificationLevel).toBe('none');
    expect((await repos().conversations.summaryFor(room.id, b))?.notificationLevel).toBe('all');
    const listed = await repos().conversations.listForMember(a, null, 10);
    expect(listed.map((s) => [s.conversation.id, s.notificationLevel]).sort()).toEqual([[room.id, 'none'], [other.id, 'all']].sort());
    // A member who leaves and comes back starts over at the default.
    await repos().conversations.removeMember(room.id, a, null, new Date());
    expect(await repos().conversations.setNotificationLevel(room.id, a, 'mentions')).toBe(false);
    await repos().conversations.addMember(room.id, a, 'member', new Date());
    expect((await repos().conversations.findMember(room.id, a))?.notificationLevel).toBe('all');
  });
});
