import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, seedConversation } from '../testing/chat-repositories.fixture.js';

repositoryContract('MessageSearchRepository', chatRepositoryFactories, (repos) => {
  it('matches all words, whole words, case-insensitively, newest first with a cursor, never deleted or foreign messages', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const mine = await seedConversation(repos(), [a, b]);
    const theirs = await seedConversation(repos(), [b, c]);
    const send = async (conversationId: string, senderId: string, content: string) =>
      (await repos().messages.append({ id: newId(), conversationId, senderId, content, clientMsgId: null, createdAt: new Date() })).message;
    const m1 = await send(mine.id, a, 'Red apple pie');
    await send(mine.id, b, 'apple only');
    const m3 = await send(mine.id, b, 'PIE with an apple');
    const gone = await send(mine.id, a, 'apple pie, deleted');
    await repos().messages.delete(gone.id, a, new Date());
    const edited = await send(mine.id, a, 'nothing yet');
    await repos().messages.edit(edited.id, 'now apple pie', a, new Date());
    const foreign = await send(theirs.id, c, 'apple pie elsewhere');
    await send(mine.id, a, 'pineapple pies');

    const find = (userId: string, words: string[], extra: { conversationId?: string; beforeId?: string; limit?: number } = {}) =>
      repos().search.search({ userId, words, conversationId: extra.conversationId ?? null, beforeId: extra.beforeId ?? null, limit: extra.limit ?? 10 });
    const ids = (list: { id: string }[]) => list.map((m) => m.id);

    expect(ids(await find(a, ['apple', 'PIE']))).toEqual([edited.id, m3.id, m1.id]);
    expect(ids(await find(b, ['apple', 'pie']))).toEqual([foreign.id, edited.id, m3.id, m1.id]);
    expect(ids(await find(b, ['apple', 'pie'], { conversationId: theirs.id }))).toEqual([foreign.id]);
    expect(ids(await find(a, ['apple', 'pie'], { conversationId: theirs.id }))).toEqual([]);
    expect(ids(await find(a, ['apple', 'pie'], { limit: 1, beforeId: edited.id }))).toEqual([m3.id]);
    expect(await find(a, ['deleted'])).toEqual([]);
    expect(await find(a, ['yet'])).toEqual([]);
    expect(await find(a, [])).toEqual([]);
    expect(await find(newId(), ['apple'])).toEqual([]);
  });

  it('matches whole words only: "apple pies" is not found by apple pie, and is by apple pies', async () => {
    const [a, b] = [newId(), newId()];
    const room = await seedConversation(repos(), [a, b]);
    const { message } = await repos().messages.append({ id: newId(), conversationId: room.id, senderId: a, content: 'apple pies', clientMsgId: null, createdAt: new Date() });
    const find = (words: string[]) => repos().search.search({ userId: b, words, conversationId: null, beforeId: null, limit: 10 });
    expect(await find(['apple', 'pie'])).toEqual([]);
    expect(await find(['pie'])).toEqual([]);
    expect((await find(['Apple', 'PIES'])).map((m) => m.id)).toEqual([message.id]);
  });

  it('follows an edit and a delete made after the message was found: the old words and the deleted message are not found', async () => {
    const [a, b] = [newId(), newId()];
    const room = await seedConversation(repos(), [a, b]);
    const { message } = await repos().messages.append({ id: newId(), conversationId: room.id, senderId: a, content: 'lemon tart', clientMsgId: null, createdAt: new Date() });
    const find = (words: string[]) => repos().search.search({ userId: b, words, conversationId: null, beforeId: null, limit: 10 });
    expect((await find(['lemon'])).map((m) => m.id)).toEqual([message.id]);
    await repos().messages.edit(message.id, 'orange cake', a, new Date());
    expect(await find(['lemon'])).toEqual([]);
    expect((await find(['orange', 'cake'])).map((m) => m.content)).toEqual(['orange cake']);
    await repos().messages.delete(message.id, a, new Date());
    expect(await find(['orange'])).toEqual([]);
  });
});
