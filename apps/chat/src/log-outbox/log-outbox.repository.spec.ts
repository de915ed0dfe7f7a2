import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';

const [A, B] = [newId(), newId()];

async function send(repos: ChatRepos, conversationId: string, content: string) {
  return (await repos.messages.append({ id: newId(), conversationId, senderId: A, content, clientMsgId: null, createdAt: new Date() })).message;
}

repositoryContract('LogOutboxRepository', chatRepositoryFactories, (repos) => {
  it('holds each message.created event, in commit order, until published; other events never enter it', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const other = await seedConversation(repos(), [B, A]);
    const m1 = await send(repos(), room.id, 'one');
    const m2 = await send(repos(), other.id, 'two');
    await repos().messages.edit(m1.id, 'one, edited', A, new Date());
    await repos().reactions.add({ messageId: m2.id, emoji: '👍', userId: B, at: new Date() });
    const m3 = await send(repos(), room.id, 'three');
    // A retried send (same client key) stores nothing, so it adds nothing either.
    const key = `k-${newId()}`;
    await repos().messages.append({ id: newId(), conversationId: room.id, senderId: B, content: 'once', clientMsgId: key, createdAt: new Date() });
    await repos().messages.append({ id: newId(), conversationId: room.id, senderId: B, content: 'once', clientMsgId: key, createdAt: new Date() });

    const pending = await repos().logOutbox.pending(10);
    expect(pending.map((e) => [e.conversationId, e.seq, e.messageId, e.senderId])).toEqual([
      [room.id, m1.seq, m1.id, A],
      [other.id, m2.seq, m2.id, A],
      [room.id, m3.seq, m3.id, A],
      [room.id, m3.seq + 1, expect.any(String), B],
    ]);
    await repos().logOutbox.markPublished(pending.slice(0, 3).map((e) => e.key));
    await repos().logOutbox.markPublished([]);
    expect((await repos().logOutbox.pending(10)).map((e) => e.senderId)).toEqual([B]);
  });
});
