import { describe, expect, it } from '@jest/globals';
import { topicOf, wantsPush } from './message-pushes.service.js';

describe('who hears about a message', () => {
  const member = (level: 'all' | 'mentions' | 'none', mentioned: boolean) => ({ userId: 'u', lastReadSeq: 0, level, mentioned });

  it('all: always; mentions: only when mentioned (a direct message counts); none: never', () => {
    expect(wantsPush(member('all', false))).toBe(true);
    expect(wantsPush(member('mentions', false))).toBe(false);
    expect(wantsPush(member('mentions', true))).toBe(true);
    expect(wantsPush(member('none', true))).toBe(false);
  });

  it('collapses pushes per conversation with a Topic header of base64url, at most 32 characters', () => {
    const topic = topicOf('0192f3a4-5b6c-7d8e-9f00-112233445566');
    expect(topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(topicOf('0192f3a4-5b6c-7d8e-9f00-112233445566')).toBe(topic);
    expect(topicOf('another')).not.toBe(topic);
  });
});
