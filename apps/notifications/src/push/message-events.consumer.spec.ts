import { describe, expect, it } from '@jest/globals';
import type { ChatMessageCreatedEvent } from '#contracts';
import { eventsOf, isMessageCreatedPayload } from './message-events.consumer.js';

const event: ChatMessageCreatedEvent = { conversationId: 'c1', seq: 1, messageId: 'm1', senderId: 'alice', at: '2026-12-03T00:00:00.000Z' };

describe('what the message.created consumer reads from the stream', () => {
  it('a batch, its events in order', () => {
    const second = { ...event, seq: 2, messageId: 'm2', recipientIds: ['bob'] };
    const batch = { events: [event, second] };
    expect(isMessageCreatedPayload(batch)).toBe(true);
    expect(eventsOf(batch)).toEqual([event, second]);
  });

  it('a single event relayed before batches, still in the stream', () => {
    expect(isMessageCreatedPayload(event)).toBe(true);
    expect(eventsOf(event)).toEqual([event]);
  });

  it('leaves a malformed event out of its batch, keeping the others, and refuses what is no batch or event', () => {
    const batch = { events: [{ ...event, seq: '2' }, event, { ...event, recipientIds: [1] }] };
    expect(isMessageCreatedPayload(batch)).toBe(true);
    expect(eventsOf(batch as never)).toEqual([event]);
    expect(eventsOf({ events: [] })).toEqual([]);
    expect(isMessageCreatedPayload({ ...event, seq: '2' })).toBe(false);
    expect(isMessageCreatedPayload(null)).toBe(false);
    expect(isMessageCreatedPayload('events')).toBe(false);
  });
});
