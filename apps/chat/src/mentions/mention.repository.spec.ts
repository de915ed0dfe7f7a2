import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories } from '../testing/chat-repositories.fixture.js';

const [A, B, C] = [newId(), newId(), newId()].sort();
const message = (conversationId: string, seq: number, createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, seq))) => ({ messageId: newId(), conversationId, seq, createdAt });

repositoryContract('MentionRepository', chatRepositoryFactories, (repos) => {
  it('keeps the users a message mentions, replaced by a re-resolve and forgotten with []', async () => {
    const m = message(newId(), 1);
    await repos().mentions.replace(m, [B, A]);
    await repos().mentions.replace(m, [B, A]);
    expect(await repos().mentions.forMessages([m.messageId, newId()])).toEqual(new Map([[m.messageId, [A, B]]]));
    await repos().mentions.replace(m, [C, B]);
    expect((await repos().mentions.forMessages([m.messageId])).get(m.messageId)).toEqual([B, C]);
    await repos().mentions.replace(m, []);
    expect(await repos().mentions.forMessages([m.messageId])).toEqual(new Map());
    expect(await repos().mentions.forMessages([])).toEqual(new Map());
  });

  it('counts a member’s mentions after their read position, per conversation', async () => {
    const [room, other] = [newId(), newId()];
    for (const seq of [2, 5, 9]) await repos().mentions.replace(message(room, seq), [A]);
    await repos().mentions.replace(message(room, 7), [B]);
    await repos().mentions.replace(message(other, 3), [A]);
    const counts = await repos().mentions.unreadCounts(A, [
      { conversationId: room, lastReadSeq: 4 },
      { conversationId: other, lastReadSeq: 0 },
      { conversationId: newId(), lastReadSeq: 0 },
    ]);
    expect([...counts.values()]).toEqual([2, 1, 0]);
    expect((await repos().mentions.unreadCounts(A, [{ conversationId: room, lastReadSeq: 9 }])).get(room)).toBe(0);
  });

  it('lists a user’s mentions newest first across conversations, paged by (createdAt, messageId)', async () => {
    const [r1, r2] = [newId(), newId()];
    const sameTime = new Date(Date.UTC(2026, 0, 2));
    const ms = [message(r1, 1), message(r2, 1), message(r1, 2, sameTime), message(r2, 2, sameTime)];
    for (const m of ms) await repos().mentions.replace(m, [C]);
    const newestFirst = [...ms].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.messageId < x.messageId ? -1 : 1)).map((m) => m.messageId);
    const first = await repos().mentions.listForUser(C, { limit: 3 });
    expect(first.map((m) => m.messageId)).toEqual(newestFirst.slice(0, 3));
    expect(first[0]).toMatchObject({ userId: C, conversationId: expect.any(String), seq: 2 });
    const last = first[2];
    const rest = await repos().mentions.listForUser(C, { limit: 3, before: { createdAt: last.createdAt, messageId: last.messageId } });
    expect(rest.map((m) => m.messageId)).toEqual(newestFirst.slice(3));
  });
});
