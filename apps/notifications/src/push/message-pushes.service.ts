import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { asError } from '#common';
import { type AudienceMember, type ChatMessageCreatedEvent, PUSH_PREVIEW_CODE_POINTS, type PushMessagePayload } from '#contracts';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { ChatAudience } from './chat-audience.js';
import type { PushSubscriptionRecord } from '../subscriptions/push-subscription.entity.js';
import { PushSubscriptionRepository } from '../subscriptions/push-subscription.repository.js';
import { PushDeliveryRepository } from './push-delivery.repository.js';
import { PresenceReader } from './presence-reader.js';
import { WebPushSender } from './web-push.sender.js';

/** Thrown when the shutdown interrupted a push no push service accepted: the event is redelivered after the restart. */
export class PushInterrupted extends Error {}

/** A member hears about a message per their level: `all`, or `mentions` (direct messages count as mentions), never `none`. */
export function wantsPush(member: AudienceMember): boolean {
  return member.level === 'all' || (member.level === 'mentions' && member.mentioned);
}

/** Topic header (RFC 8030 §5.4): one per conversation, so a device offline for a while gets the latest push of each. */
export function topicOf(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('base64url').slice(0, 32);
}

const EMPTY: ReadonlySet<string> = new Set();

/** The recipients an event names, but its sender; undefined when it names none (chat's audience decides). */
function othersOf(event: ChatMessageCreatedEvent): string[] | undefined {
  return event.recipientIds?.filter((id) => id !== event.senderId);
}

/**
 * Turns one message.created event into Web Pushes: to every member but the sender who should hear about it (level,
 * mention), has not read it, has pushes on, and has no connected socket — at most one push per subscription
 * (the claim/settle protocol of docs/adr/0014).
 */
@Injectable()
export class MessagePushesService {
  private readonly logger = new Logger(MessagePushesService.name);

  constructor(
    private readonly audience: ChatAudience,
    private readonly subscriptions: PushSubscriptionRepository,
    private readonly preferences: PreferenceRepository,
    private readonly deliveries: PushDeliveryRepository,
    private readonly presence: PresenceReader,
    private readonly sender: WebPushSender,
  ) {}

  /**
   * The events of one batch, in order. When every event names its recipients, one local read over all of them finds
   * who among them has a subscription: the usual batch (nobody) ends there, and otherwise only the events naming one
   * of them go on to chat, with no read per event. A failed event does not hold back the others: each is tried, and
   * the first failure is thrown at the end (the batch comes back; the claims skip every push already made). An
   * interruption (shutdown) stops at once.
   */
  async handleAll(events: readonly ChatMessageCreatedEvent[]): Promise<void> {
    let subscribers: ReadonlySet<string> | undefined;
    if (events.every((event) => event.recipientIds)) {
      subscribers = await this.subscribersAmong([...new Set(events.flatMap((event) => othersOf(event) ?? []))]);
      if (subscribers.size === 0) return;
    }
    let failure: Error | undefined;
    for (const event of events) {
      try {
        await this.handle(event, subscribers);
      } catch (error) {
        if (error instanceof PushInterrupted) throw error;
        failure ??= asError(error);
      }
    }
    if (failure) throw failure;
  }

  /** `subscribers`: who among the event's recipients has a subscription, when the caller read it already. */
  async handle(event: ChatMessageCreatedEvent, subscribers?: ReadonlySet<string>): Promise<void> {
    // Cheapest filter first: when the event names its recipients, a message none of whom has a subscription (most
    // messages) costs one local read, and no request to chat. Otherwise, or when one has, chat's audience decides.
    const others = othersOf(event);
    if (others) {
      const known = subscribers ?? (await this.subscribersAmong(others));
      if (!others.some((id) => known.has(id))) return;
    }
    const { message, conversationType, recipients } = await this.audience.of(event.messageId);
    if (!message) return;
    const interested = recipients.filter((member) => member.lastReadSeq < message.seq && wantsPush(member)).map((member) => member.userId);
    if (interested.length === 0) return;
    // One local read finds who has a subscription at all (most recipients have none), so preferences, the presence
    // bucket and the sender's name are looked up only for those who may get a push.
    const subscribed = await this.subscriptions.listByUsers(interested);
    if (subscribed.length === 0) return;
    const owners = [...new Set(subscribed.map((subscription) => subscription.userId))];
    const [disabled, online] = await Promise.all([this.preferences.pushDisabled(owners), this.presence.onlineAmong(owners)]);
    const targets = subscribed.filter((subscription) => !disabled.has(subscription.userId) && !online.has(subscription.userId));
    if (targets.length === 0) return;
    const payload: PushMessagePayload = {
      type: 'message',
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      senderName: await this.audience.senderName(message.senderId),
      preview: Array.from(message.content).slice(0, PUSH_PREVIEW_CODE_POINTS).join(''),
    };
    const body = JSON.stringify(payload);
    // Direct messages are someone talking to you: high urgency. Room messages may wait for a better moment.
    const urgency = conversationType === 'direct' ? 'high' : 'normal';
    const outcomes = await Promise.all(targets.map((subscription) => this.pushOnce(message.id, subscription, body, { topic: topicOf(message.conversationId), urgency })));
    if (outcomes.includes('interrupted')) throw new PushInterrupted(`pushes of message ${message.id} interrupted by the shutdown`);
  }

  private async subscribersAmong(userIds: string[]): Promise<ReadonlySet<string>> {
    if (userIds.length === 0) return EMPTY;
    return new Set((await this.subscriptions.listByUsers(userIds)).map((subscription) => subscription.userId));
  }

  /** claim → send → settle. A subscription already claimed for this message is skipped, whatever its state. */
  private async pushOnce(messageId: string, subscription: PushSubscriptionRecord, body: string, options: Parameters<WebPushSender['send']>[2]): Promise<string> {
    if (!(await this.deliveries.claim(messageId, subscription.id, new Date()))) return 'skipped';
    const outcome = await this.sender.send(subscription, body, options);
    const at = new Date();
    switch (outcome) {
      case 'sent':
        await this.subscriptions.markSuccess(subscription.id, at);
        break;
      case 'gone':
        await this.subscriptions.remove(subscription.id, null);
        this.logger.log({ subscriptionId: subscription.id, userId: subscription.userId }, 'push subscription removed: the push service says it is gone');
        break;
      case 'interrupted':
        await this.deliveries.release(messageId, subscription.id);
        return outcome;
      case 'failed':
        break;
    }
    await this.deliveries.settle(messageId, subscription.id, outcome, at);
    return outcome;
  }
}
