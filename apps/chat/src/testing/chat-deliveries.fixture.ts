import type { ChatDelivery } from '#contracts';
import type { NatsBus } from '#common';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';

/** The real ChatDeliveries over a bus that records what it publishes instead of sending it. */
export function recordedDeliveries(): { deliveries: ChatDeliveries; published: ChatDelivery[] } {
  const published: ChatDelivery[] = [];
  const bus = { publish: (_subject: string, delivery: ChatDelivery) => void published.push(delivery) } as unknown as NatsBus;
  return { deliveries: new ChatDeliveries(bus), published };
}
