import { describe, expect, it } from '@jest/globals';
import { type ChatDelivery, SERVER_EVENTS } from '#contracts';
import { recordedDeliveries as recorder } from '../testing/chat-deliveries.fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const deleted = (seq: number, conversationId = 'c'): ChatDelivery => ({
  userIds: ['u'],
  event: SERVER_EVENTS.messageDeleted,
  data: { id: `m${seq}`, conversationId, seq },
});

describe('ChatDeliveries.enqueue', () => {
  it('publishes a conversation’s pushes in the order they were enqueued, however long each takes to build', async () => {
    const { deliveries, published } = recorder();
    deliveries.enqueue('c', async () => {
      await sleep(40); // e.g. the first message of a direct conversation announcing it first
      return [deleted(1)];
    });
    deliveries.enqueue('c', async () => [deleted(2)]);
    deliveries.enqueue('c', async () => {
      await sleep(10);
      return [deleted(3)];
    });
    await sleep(100);
    expect(published.map((d) => (d.data as { seq: number }).seq)).toEqual([1, 2, 3]);
  });

  it('does not hold one conversation behind another, and a failed build does not block the next', async () => {
    const { deliveries, published } = recorder();
    deliveries.enqueue('slow', async () => {
      await sleep(50);
      return [deleted(1, 'slow')];
    });
    deliveries.enqueue('c', async () => {
      throw new Error('users service down');
    });
    deliveries.enqueue('c', async () => [deleted(2)]);
    await sleep(10);
    expect(published.map((d) => (d.data as { conversationId: string }).conversationId)).toEqual(['c']);
    await sleep(60);
    expect(published).toHaveLength(2);
  });
});
