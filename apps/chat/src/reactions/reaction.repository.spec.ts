import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';

const [A, B, C] = [newId(), newId(), newId()];

async function messageIn(repos: ChatRepos) {
  const room = await seedConversation(repos, [A, B, C]);
  const { message } = await repos.messages.append({ id: newId(), conversationId: room.id, senderId: A, content: 'hi', clientMsgId: null, createdAt: new Date() });
  return { room, message };
}

const react = (messageId: string, userId: string, emoji: string) => ({ messageId, userId, emoji, at: new Date() });

repositoryContract('ReactionRepository', chatRepositoryFactories, (repos) => {
  it('records each change as the next seq of the log; a repeat takes none', async () => {
    const { room, message } = await messageIn(repos());
    expect(await repos().reactions.add(react(message.id, B, '👍'))).toMatchObject({ seq: 2, type: 'reaction.added', userId: B, message: null, target: { messageId: message.id, emoji: '👍' } });
    expect(await repos().reactions.add(react(message.id, B, '👍'))).toBeNull();
    expect(await repos().reactions.remove(react(message.id, C, '👍'))).toBeNull();
    expect(await repos().reactions.remove(react(message.id, B, '👍'))).toMatchObject({ seq: 3, type: 'reaction.removed' });
    expect(await repos().reactions.remove(react(message.id, B, '👍'))).toBeNull();
    const log = await repos().messages.events(room.id, 0, 10);
    expect(log.map((e) => [e.seq, e.type, e.target?.emoji ?? null, e.message === null])).toEqual([
      [1, 'message.created', null, false],
      [2, 'reaction.added', '👍', true],
      [3, 'reaction.removed', '👍', true],
    ]);
    expect((await repos().conversations.findById(room.id))?.lastSeq).toBe(3);
  });

  it('aggregates per emoji in first-use order with the latest users first, and lists who reacted newest first', async () => {
    const { room, message } = await messageIn(repos());
    await repos().reactions.add(react(message.id, A, ':tada:'));
    await repos().reactions.add(react(message.id, B, '👍'));
    await repos().reactions.add(react(message.id, C, ':tada:'));
    await repos().reactions.add(react(message.id, A, '👍'));
    const summaries = await repos().reactions.summaries(room.id, [message.id, newId()]);
    expect([...summaries.keys()]).toEqual([message.id]);
    expect(summaries.get(message.id)).toEqual([
      { emoji: ':tada:', count: 2, userIds: [C, A] },
      { emoji: '👍', count: 2, userIds: [A, B] },
    ]);
    const all = await repos().reactions.list(room.id, message.id, { limit: 3 });
    expect(all.map((r) => [r.userId, r.emoji])).toEqual([[A, '👍'], [C, ':tada:'], [B, '👍']]);
    const rest = await repos().reactions.list(room.id, message.id, { limit: 3, beforeSeq: all[2].seq });
    expect(rest.map((r) => [r.userId, r.emoji])).toEqual([[A, ':tada:']]);
    expect((await repos().reactions.list(room.id, message.id, { limit: 10, emoji: '👍' })).map((r) => r.userId)).toEqual([A, B]);
  });

  it('refuses a 21st distinct emoji but not more users of an existing one', async () => {
    const { message } = await messageIn(repos());
    for (let i = 0; i < 20; i++) await repos().reactions.add(react(message.id, A, `:e${i}:`));
    await expect(repos().reactions.add(react(message.id, B, ':e20:'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await repos().reactions.add(react(message.id, B, ':e0:'))).toMatchObject({ type: 'reaction.added' });
  });

  it('ends a storm of concurrent toggles with counts equal to the rows and one event per real change', async () => {
    const { room, message } = await messageIn(repos());
    const users = Array.from({ length: 20 }, () => newId());
    // Each user adds twice, removes once, adds again: 2 real changes per user (add, remove, add), 1 no-op add.
    await Promise.all(
      users.map(async (u) => {
        await Promise.all([repos().reactions.add(react(message.id, u, '👍')), repos().reactions.add(react(message.id, u, '👍'))]);
        await repos().reactions.remove(react(message.id, u, '👍'));
        await repos().reactions.add(react(message.id, u, '👍'));
      }),
    );
    expect((await repos().reactions.summaries(room.id, [message.id])).get(message.id)).toEqual([{ emoji: '👍', count: 20, userIds: expect.any(Array) }]);
    const log = await repos().messages.events(room.id, 0, 1000);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(log.filter((e) => e.type === 'reaction.added')).toHaveLength(40);
  });

  it('drops the reactions of a deleted message and takes none on it', async () => {
    const { room, message } = await messageIn(repos());
    await repos().reactions.add(react(message.id, B, '👍'));
    await repos().messages.delete(message.id, A, new Date());
    expect(await repos().reactions.summaries(room.id, [message.id])).toEqual(new Map());
    expect(await repos().reactions.list(room.id, message.id, { limit: 10 })).toEqual([]);
    await expect(repos().reactions.add(react(message.id, C, '👍'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(repos().reactions.add(react(newId(), C, '👍'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
