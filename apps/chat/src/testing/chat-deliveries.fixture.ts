import type { ChatDelivery, UserDelivery } from '#contracts';
import type { NatsBus } from '#common';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';

/**
 * The real ChatDeliveries over a bus that records what it publishes instead of sending it: each per-user
 * publication (one payload to several users' subjects) is recorded as one delivery with those userIds.
 */
export function recordedDeliveries(): { deliveries: ChatDeliveries; published: ChatDelivery[] } {
  const published: ChatDelivery[] = [];
  const bus = {
    publishToUsers: (_subject: string, userIds: readonly string[], delivery: UserDelivery) => void published.push({ ...delivery, userIds: [...userIds] }),
  } as unknown as NatsBus;
  return { deliveries: new ChatDeliveries(bus), published };
}
