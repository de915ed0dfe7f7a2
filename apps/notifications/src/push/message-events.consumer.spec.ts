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

  it('refuses an empty batch, a batch with a malformed event and anything else', () => {
    expect(isMessageCreatedPayload({ events: [] })).toBe(false);
    expect(isMessageCreatedPayload({ events: [event, { ...event, seq: '2' }] })).toBe(false);
    expect(isMessageCreatedPayload({ events: [{ ...event, recipientIds: [1] }] })).toBe(false);
    expect(isMessageCreatedPayload(null)).toBe(false);
    expect(isMessageCreatedPayload('events')).toBe(false);
  });
});
