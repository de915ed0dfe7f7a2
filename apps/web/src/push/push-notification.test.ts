import { describe, expect, it } from 'vitest';
import { conversationUrl, isOpenConversationMessage, notificationFor, parsePushPayload } from './push-notification.js';

describe('the service worker push handling', () => {
  const payload = { type: 'message', conversationId: 'c 1', messageId: 'm1', seq: 3, senderName: 'Eve', preview: 'hi there' };

  it('turns the server payload into a notification titled by the sender, one per conversation', () => {
    const parsed = parsePushPayload(payload);
    expect(parsed).toEqual(payload);
    expect(notificationFor(parsed!)).toEqual({ title: 'Eve', body: 'hi there', tag: 'conversation:c 1', data: { conversationId: 'c 1' } });
  });

  it('refuses what is not a message push', () => {
    expect(parsePushPayload(null)).toBeNull();
    expect(parsePushPayload({ type: 'other', conversationId: 'c', senderName: 'x' })).toBeNull();
    expect(parsePushPayload('text')).toBeNull();
  });

  it('opens the app at the conversation, with the id encoded', () => {
    expect(conversationUrl('c 1')).toBe('/?conversation=c%201');
    expect(isOpenConversationMessage({ type: 'open-conversation', conversationId: 'c' })).toBe(true);
    expect(isOpenConversationMessage({ type: 'open-conversation' })).toBe(false);
  });
});
