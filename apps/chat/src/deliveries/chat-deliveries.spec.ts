import { describe, expect, it } from '@jest/globals';
import { type ChatDelivery, SERVER_EVENTS } from '#contracts';
import { recordedDeliveries as recorder } from '../testing/chat-deliveries.fixture.js';

/** A build step the test finishes by hand, so the order is decided by the test, never by timers. */
function gate(): { open: () => void; wait: Promise<void> } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { open, wait };
}

/** Lets every already-settled promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

const deleted = (seq: number, conversationId = 'c'): ChatDelivery => ({
  userIds: ['u'],
  event: SERVER_EVENTS.messageDeleted,
  data: { id: `m${seq}`, conversationId, seq },
});

describe('ChatDeliveries.enqueue', () => {
  it('publishes a conversation’s pushes in the order they were enqueued, however long each takes to build', async () => {
    const { deliveries, published } = recorder();
    const first = gate();
    const third = gate();
    deliveries.enqueue('c', async () => {
      await first.wait; // e.g. the first message of a direct conversation announcing it first
      return [deleted(1)];
    });
    deliveries.enqueue('c', async () => [deleted(2)]);
    deliveries.enqueue('c', async () => {
      await third.wait;
      return [deleted(3)];
    });
    third.open(); // the last build finishes first ...
    await settle();
    expect(published).toEqual([]); // ... but nothing overtakes the first
    first.open();
    await deliveries.drained();
    expect(published.map((d) => (d.data as { seq: number }).seq)).toEqual([1, 2, 3]);
  });

  it('does not hold one conversation behind another, and a failed build does not block the next', async () => {
    const { deliveries, published } = recorder();
    const slow = gate();
    deliveries.enqueue('slow', async () => {
      await slow.wait;
      return [deleted(1, 'slow')];
    });
    deliveries.enqueue('c', async () => {
      throw new Error('users service down');
    });
    deliveries.enqueue('c', async () => [deleted(2)]);
    await settle();
    expect(published.map((d) => (d.data as { conversationId: string }).conversationId)).toEqual(['c']);
    slow.open();
    await deliveries.drained();
    expect(published.map((d) => (d.data as { conversationId: string }).conversationId)).toEqual(['c', 'slow']);
  });
});
