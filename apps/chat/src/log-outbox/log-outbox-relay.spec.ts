import { describe, expect, it } from '@jest/globals';
import { MESSAGE_CREATED_RECIPIENTS_MAX } from '#contracts';
import { recipientIdsOf } from './log-outbox-relay.service.js';

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
