import { describe, expect, it } from '@jest/globals';
import { MESSAGE_CREATED_BATCH_MAX, MESSAGE_CREATED_BATCH_RECIPIENTS_MAX, MESSAGE_CREATED_RECIPIENTS_MAX } from '#contracts';
import { batchEvent, inBatches, recipientIdsOf } from './log-outbox-relay.service.js';

describe('the recipients a message.created event names', () => {
  it('every member but the sender', () => {
    expect(recipientIdsOf(['alice', 'bob', 'carol'], 'bob')).toEqual(['alice', 'carol']);
    expect(recipientIdsOf(['alice'], 'alice')).toEqual([]);
  });

  it('none above the bound (the consumer then asks chat, as for events from before the field)', () => {
    const members = Array.from({ length: MESSAGE_CREATED_RECIPIENTS_MAX + 1 }, (_, i) => `u${i}`);
    expect(recipientIdsOf(members, 'u0')).toHaveLength(MESSAGE_CREATED_RECIPIENTS_MAX);
    expect(recipientIdsOf([...members, 'one more'], 'u0')).toBeUndefined();
  });
});

describe('message.created batches', () => {
  const entry = (n: number) => ({
    key: String(n),
    conversationId: `c${n % 3}`,
    seq: n,
    messageId: `m${n}`,
    senderId: 'alice',
    at: new Date(Date.UTC(2026, 11, 3, 0, 0, n)),
    recipientIds: ['bob'] as string[] | undefined,
  });

  it('cuts the pending entries into runs of at most the batch size, in order', () => {
    const entries = Array.from({ length: 7 }, (_, i) => entry(i + 1));
    expect(inBatches(entries, 3, 100).map((batch) => batch.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(inBatches([], 3, 100)).toEqual([]);
  });

  it('cuts sooner when the recipients named add up past the bound (large rooms), an entry over it alone', () => {
    const named = (n: number, count: number | undefined) => ({
      ...entry(n),
      recipientIds: count === undefined ? undefined : Array.from({ length: count }, (_, i) => `u${i}`),
    });
    const entries = [named(1, 4), named(2, 4), named(3, 3), named(4, undefined), named(5, 12), named(6, 1)];
    expect(inBatches(entries, 100, 10).map((batch) => batch.map((e) => e.seq))).toEqual([[1, 2], [3, 4], [5], [6]]);
  });

  it('keeps a batch at the largest rooms and the most events within NATS’s default 1 MB payload', () => {
    const room = Array.from({ length: MESSAGE_CREATED_RECIPIENTS_MAX }, (_, i) => `0193f0c2-aaaa-7bbb-8ccc-${String(i).padStart(12, '0')}`);
    const entries = Array.from({ length: 300 }, (_, i) => ({ ...entry(i + 1), conversationId: room[0], messageId: room[1], recipientIds: room }));
    for (const batch of inBatches(entries, MESSAGE_CREATED_BATCH_MAX, MESSAGE_CREATED_BATCH_RECIPIENTS_MAX)) {
      expect(Buffer.byteLength(JSON.stringify(batchEvent(batch).payload))).toBeLessThan(1024 * 1024);
    }
  });

  it('carries every event of the batch oldest first, recipients only where they are named', () => {
    const { payload } = batchEvent([entry(1), { ...entry(2), recipientIds: undefined }]);
    expect(payload.events).toEqual([
      { conversationId: 'c1', seq: 1, messageId: 'm1', senderId: 'alice', at: '2026-12-03T00:00:01.000Z', recipientIds: ['bob'] },
      { conversationId: 'c2', seq: 2, messageId: 'm2', senderId: 'alice', at: '2026-12-03T00:00:02.000Z' },
    ]);
  });

  it('names a batch by all its entries: the same entries read again after a crash are a duplicate JetStream drops', () => {
    const batch = [entry(4), entry(6)];
    expect(batchEvent([entry(4), entry(6)]).msgID).toBe(batchEvent(batch).msgID);
    // Any other set is another message (its consumers are idempotent per message): one that grew at the end, and
    // one that gained an entry in the middle (a MongoDB key made before a slower insert committed).
    expect(batchEvent([...batch, entry(7)]).msgID).not.toBe(batchEvent(batch).msgID);
    expect(batchEvent([entry(4), entry(5), entry(6)]).msgID).not.toBe(batchEvent(batch).msgID);
  });
});
