import { afterEach, describe, expect, it } from '@jest/globals';
import { newId } from '#common';
import { chatRepositoryFactories, seedConversation } from '../testing/chat-repositories.fixture.js';
import { MembershipCache } from './membership-cache.js';

describe('MembershipCache', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  it('answers from the cache while the log holds no membership event, and reloads after one', async () => {
    const fixture = await chatRepositoryFactories.sqlite();
    close = fixture.close;
    const r = fixture.repos;
    const [a, b, c] = [newId(), newId(), newId()];
    const room = await seedConversation(r, [a, b]);
    const send = async () => (await r.messages.append({ id: newId(), conversationId: room.id, senderId: a, content: 'x', clientMsgId: null, createdAt: new Date() })).message.seq;
    let lists = 0;
    const counting = Object.create(r.conversations) as typeof r.conversations;
    counting.listMembers = (id: string) => ((lists += 1), r.conversations.listMembers(id));
    const cache = new MembershipCache(counting);

    expect(await cache.memberIds(room.id, await send())).toEqual([a, b]);
    const two = await send();
    cache.advance(room.id, two);
    expect(await cache.memberIds(room.id, two)).toEqual([a, b]);
    // A seq this process did not report is checked against the log, and still needs no reload.
    expect(await cache.memberIds(room.id, await send())).toEqual([a, b]);
    expect(lists).toBe(1);

    // A join written elsewhere (no advance) is found in the log.
    await r.conversations.addMember(room.id, c, 'member', new Date());
    expect(await cache.memberIds(room.id, await send())).toEqual([a, b, c]);
    await r.conversations.removeMember(room.id, a, null, new Date());
    expect(await cache.memberIds(room.id, await send())).toEqual([b, c]);
    expect(lists).toBe(3);
  });
});
