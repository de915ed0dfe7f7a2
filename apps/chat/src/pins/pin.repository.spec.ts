import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';

const [A, B] = [newId(), newId()];

async function send(repos: ChatRepos, conversationId: string, content: string) {
  return (await repos.messages.append({ id: newId(), conversationId, senderId: A, content, clientMsgId: null, createdAt: new Date() })).message;
}

const change = (messageId: string, userId = A) => ({ messageId, userId, at: new Date() });

repositoryContract('PinRepository', chatRepositoryFactories, (repos) => {
  it('pins and unpins as events of the log with their own seq; repeats take none', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const message = await send(repos(), room.id, 'pin me');
    expect(await repos().pins.pin(change(message.id, B))).toMatchObject({ seq: 2, type: 'message.pinned', userId: B, message: null, target: { messageId: message.id, emoji: null } });
    expect(await repos().pins.pin(change(message.id))).toBeNull();
    expect((await repos().pins.forMessages(room.id, [message.id])).get(message.id)).toMatchObject({ pinnedBy: B, seq: 2 });
    expect(await repos().pins.unpin(change(message.id))).toMatchObject({ seq: 3, type: 'message.unpinned' });
    expect(await repos().pins.unpin(change(message.id))).toBeNull();
    expect(await repos().pins.forMessages(room.id, [message.id])).toEqual(new Map());
    expect((await repos().messages.events(room.id, 0, 10)).map((e) => [e.seq, e.type, e.target?.messageId ?? null])).toEqual([
      [1, 'message.created', null],
      [2, 'message.pinned', message.id],
      [3, 'message.unpinned', message.id],
    ]);
  });

  it('lists the latest pin first, pages by seq, and forgets the pin of a deleted message', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const [m1, m2, m3] = [await send(repos(), room.id, '1'), await send(repos(), room.id, '2'), await send(repos(), room.id, '3')];
    for (const m of [m2, m1, m3]) await repos().pins.pin(change(m.id));
    const first = await repos().pins.list(room.id, { limit: 2 });
    expect(first.map((p) => p.messageId)).toEqual([m3.id, m1.id]);
    expect((await repos().pins.list(room.id, { limit: 2, beforeSeq: first[1].seq })).map((p) => p.messageId)).toEqual([m2.id]);
    await repos().messages.delete(m3.id, A, new Date());
    expect((await repos().pins.list(room.id, { limit: 10 })).map((p) => p.messageId)).toEqual([m1.id, m2.id]);
    await expect(repos().pins.pin(change(m3.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ends concurrent pin/unpin races with the state of the log', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const message = await send(repos(), room.id, 'race');
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? repos().pins.unpin(change(message.id)) : repos().pins.pin(change(message.id)))));
    const log = await repos().messages.events(room.id, 0, 100);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const last = log.filter((e) => e.type.startsWith('message.') && e.type.endsWith('pinned')).at(-1);
    expect((await repos().pins.forMessages(room.id, [message.id])).has(message.id)).toBe(last?.type === 'message.pinned');
  });
});
