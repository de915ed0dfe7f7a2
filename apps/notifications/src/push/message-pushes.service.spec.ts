import { describe, expect, it } from '@jest/globals';
import type { ChatMessageCreatedEvent, NotificationAudience } from '#contracts';
import type { PreferenceRepository } from '../preferences/preference.repository.js';
import type { PushSubscriptionRecord } from '../subscriptions/push-subscription.entity.js';
import type { PushSubscriptionRepository } from '../subscriptions/push-subscription.repository.js';
import type { ChatAudience } from './chat-audience.js';
import { MessagePushesService } from './message-pushes.service.js';
import type { PresenceReader } from './presence-reader.js';
import type { PushDeliveryRepository } from './push-delivery.repository.js';
import type { WebPushSender } from './web-push.sender.js';

const subscription = (userId: string): PushSubscriptionRecord => ({
  id: `s-${userId}`,
  userId,
  endpoint: `https://push.example/${userId}`,
  p256dh: 'k',
  auth: 'a',
  userAgent: null,
  createdAt: new Date(),
  lastSuccessAt: null,
});

/** The service over fakes that record what it asked: chat's audience, the subscriptions read and the pushes sent. */
function setUp(subscribedUsers: string[]) {
  const asked = { audience: 0, listByUsers: [] as string[][], sent: [] as string[] };
  const audience: NotificationAudience = {
    message: { id: 'm1', conversationId: 'c1', seq: 5, senderId: 'alice', content: 'hi' },
    conversationType: 'group',
    recipients: ['bob', 'carol'].map((userId) => ({ userId, lastReadSeq: 0, level: 'all' as const, mentioned: false })),
  };
  const chat = {
    of: () => {
      asked.audience += 1;
      return Promise.resolve(audience);
    },
    senderName: () => Promise.resolve('Alice'),
  } as unknown as ChatAudience;
  const subscriptions = {
    listByUsers: (userIds: readonly string[]) => {
      asked.listByUsers.push([...userIds]);
      return Promise.resolve(subscribedUsers.filter((id) => userIds.includes(id)).map(subscription));
    },
    markSuccess: () => Promise.resolve(),
  } as unknown as PushSubscriptionRepository;
  const preferences = { pushDisabled: () => Promise.resolve(new Set<string>()) } as unknown as PreferenceRepository;
  const deliveries = { claim: () => Promise.resolve(true), settle: () => Promise.resolve() } as unknown as PushDeliveryRepository;
  const presence = { onlineAmong: () => Promise.resolve(new Set<string>()) } as unknown as PresenceReader;
  const sender = {
    send: (s: PushSubscriptionRecord) => {
      asked.sent.push(s.userId);
      return Promise.resolve('sent');
    },
  } as unknown as WebPushSender;
  return { asked, service: new MessagePushesService(chat, subscriptions, preferences, deliveries, presence, sender) };
}

const event = (recipientIds?: string[]): ChatMessageCreatedEvent => ({
  conversationId: 'c1',
  seq: 5,
  messageId: 'm1',
  senderId: 'alice',
  at: new Date().toISOString(),
  ...(recipientIds && { recipientIds }),
});

describe('message pushes: who is asked about a message', () => {
  it('a message whose recipients have no subscription costs one local read and no request to chat', async () => {
    const { asked, service } = setUp(['dave']);
    await service.handle(event(['bob', 'carol', 'alice']));
    expect(asked.audience).toBe(0);
    // The sender is never a candidate, even when named.
    expect(asked.listByUsers).toEqual([['bob', 'carol']]);
    expect(asked.sent).toEqual([]);
  });

  it('asks chat as before once a recipient has a subscription, and pushes by its answer', async () => {
    const { asked, service } = setUp(['carol']);
    await service.handle(event(['bob', 'carol']));
    expect(asked.audience).toBe(1);
    expect(asked.sent).toEqual(['carol']);
  });

  it('an event without recipients (published before they were carried, or a large room) goes to chat as before', async () => {
    const { asked, service } = setUp(['bob']);
    await service.handle(event());
    expect(asked.audience).toBe(1);
    expect(asked.sent).toEqual(['bob']);
  });

  it('no recipient but the sender: nothing is read at all', async () => {
    const { asked, service } = setUp(['alice']);
    await service.handle(event(['alice']));
    expect(asked.listByUsers).toEqual([]);
    expect(asked.audience).toBe(0);
  });

  it('a batch nobody in it is subscribed to costs one read over all its recipients, and no request to chat', async () => {
    const { asked, service } = setUp(['dave']);
    await service.handleAll([event(['bob', 'alice']), event(['carol']), event(['bob'])]);
    expect(asked.listByUsers).toEqual([['bob', 'carol']]);
    expect(asked.audience).toBe(0);
  });

  it('a batch with a subscribed recipient goes to chat only for the events naming one, with no read per event', async () => {
    const { asked, service } = setUp(['carol']);
    await service.handleAll([event(['bob']), event(['carol']), event(['bob', 'dave'])]);
    // The batch read, then only the second event asks chat and reads its audience's subscriptions.
    expect(asked.listByUsers).toEqual([['bob', 'carol', 'dave'], ['bob', 'carol']]);
    expect(asked.audience).toBe(1);
    expect(asked.sent).toEqual(['carol']);
  });

  it('a batch with an event that does not name its recipients goes event by event', async () => {
    const { asked, service } = setUp(['bob']);
    await service.handleAll([event(['carol']), event()]);
    // No batch read: the first event's own, then the audience chat gave for the second.
    expect(asked.listByUsers).toEqual([['carol'], ['bob', 'carol']]);
    expect(asked.audience).toBe(1);
    expect(asked.sent).toEqual(['bob']);
  });

  it('a failed event does not hold back the rest of its batch: the others are pushed, then the failure is thrown', async () => {
    const { asked, service } = setUp(['carol']);
    const failing = { ...event(['carol']), messageId: 'broken' };
    const original = service.handle.bind(service);
    service.handle = (e) => (e.messageId === 'broken' ? Promise.reject(new Error('push service down')) : original(e));
    await expect(service.handleAll([failing, event(['carol'])])).rejects.toThrow('push service down');
    expect(asked.sent).toEqual(['carol']);
  });
});
