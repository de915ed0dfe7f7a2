import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';

const [A, B, C, D] = [newId(), newId(), newId(), newId()];

let clock = Date.UTC(2026, 0, 1);
async function send(repos: ChatRepos, conversationId: string, senderId: string, threadId?: string) {
  const draft = { id: newId(), conversationId, senderId, content: 'text', clientMsgId: null, createdAt: new Date((clock += 1000)), ...(threadId ? { threadId } : {}) };
  return (await repos.messages.append(draft)).message;
}

repositoryContract('ThreadRepository', chatRepositoryFactories, (repos) => {
  it('keeps replies out of the main history, pages them per root and summarises the live ones', async () => {
    const room = await seedConversation(repos(), [A, B, C]);
    const root = await send(repos(), room.id, A);
    const r1 = await send(repos(), room.id, B, root.id);
    const r2 = await send(repos(), room.id, C, root.id);
    const main = await send(repos(), room.id, A);
    const r3 = await send(repos(), room.id, B, root.id);
    expect(r1.threadId).toBe(root.id);
    expect((await repos().messages.history(room.id, { limit: 10 })).map((m) => m.id)).toEqual([main.id, root.id]);
    expect((await repos().threads.replies(room.id, root.id, { limit: 10 })).map((m) => m.id)).toEqual([r3.id, r2.id, r1.id]);
    expect((await repos().threads.replies(room.id, root.id, { limit: 2, after: r1.seq })).map((m) => m.id)).toEqual([r2.id, r3.id]);
    expect((await repos().threads.replies(room.id, root.id, { limit: 10, before: r3.seq })).map((m) => m.id)).toEqual([r2.id, r1.id]);

    await repos().messages.delete(r1.id, B, new Date());
    const summaries = await repos().threads.summaries(room.id, [root.id, main.id]);
    expect([...summaries.keys()]).toEqual([root.id]);
    // Repliers in the order of their first live reply: B's first reply is deleted, so C comes first.
    expect(summaries.get(root.id)).toEqual({ replyCount: 2, lastReplyAt: r3.createdAt, replierIds: [C, B] });
    // The log has every reply, with its root.
    const created = (await repos().messages.events(room.id, 0, 20)).filter((e) => e.type === 'message.created');
    expect(created.map((e) => e.message?.threadId ?? null)).toEqual([null, root.id, root.id, null, root.id]);
  });

  it('counts a thread reply as unread only for the root’s participants and the members it mentions', async () => {
    const room = await seedConversation(repos(), [A, B, C, D]);
    const root = await send(repos(), room.id, A);
    const byB = await send(repos(), room.id, B, root.id);
    const mentionsD = await send(repos(), room.id, C, root.id);
    await repos().mentions.replace({ messageId: mentionsD.id, conversationId: room.id, seq: mentionsD.seq, createdAt: mentionsD.createdAt }, [D]);
    await send(repos(), room.id, B);
    const unread = async (userId: string) => (await repos().conversations.summaryFor(room.id, userId))?.unreadCount;
    // A: root sender (both replies + the main message); B: replied (the root + C's reply); C: replied (root, B's reply, main);
    // D: not taking part, mentioned once (root, the mention, main).
    expect([await unread(A), await unread(B), await unread(C), await unread(D)]).toEqual([3, 2, 3, 3]);
    await repos().messages.delete(byB.id, B, new Date());
    expect(await unread(A)).toBe(2);
    // The conversation's last message is the main history's newest.
    const summary = await repos().conversations.summaryFor(room.id, A);
    expect(summary?.lastMessage?.threadId).toBeNull();
  });
});
