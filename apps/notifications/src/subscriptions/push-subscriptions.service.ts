import { Inject, Injectable } from '@nestjs/common';
import {
  PUSH_SUBSCRIPTIONS_PER_USER,
  type PushSubscriptionCommand,
  type PushSubscriptionList,
  type PushSubscriptionRef,
  type SessionCommand,
  type SubscribePushCommand,
  type VapidPublicKey,
} from '#contracts';
import { DomainError, newId } from '#common';
import { NotificationsEnv } from '../notifications.env.js';
import { WebPushSender } from '../push/web-push.sender.js';
import { assertPushEndpoint } from './endpoint-guard.js';
import { PushSubscriptionRepository } from './push-subscription.repository.js';

/** A user's Web Push subscriptions: at most PUSH_SUBSCRIPTIONS_PER_USER, the newest kept; endpoints SSRF-checked. */
@Injectable()
export class PushSubscriptionsService {
  constructor(
    private readonly subscriptions: PushSubscriptionRepository,
    private readonly sender: WebPushSender,
    @Inject(NotificationsEnv) private readonly env: NotificationsEnv,
  ) {}

  vapidPublicKey(): VapidPublicKey {
    return { publicKey: this.sender.vapid.publicKey };
  }

  async subscribe({ caller, endpoint, keys, userAgent }: SubscribePushCommand): Promise<PushSubscriptionRef> {
    await assertPushEndpoint(endpoint, this.env.WEBPUSH_ALLOW_HTTP === 'true');
    const id = await this.subscriptions.save(
      { id: newId(), userId: caller.userId, endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent: userAgent ?? null, createdAt: new Date(), lastSuccessAt: null },
      PUSH_SUBSCRIPTIONS_PER_USER,
    );
    return { id };
  }

  async list({ caller }: SessionCommand): Promise<PushSubscriptionList> {
    const items = await this.subscriptions.listByUser(caller.userId);
    return {
      items: items.map((s) => ({ id: s.id, endpoint: s.endpoint, createdAt: s.createdAt.toISOString(), lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null })),
    };
  }

  /** Another user's subscription is as unknown as a missing one. */
  async remove({ caller, id }: PushSubscriptionCommand): Promise<void> {
    if (!(await this.subscriptions.remove(id, caller.userId))) throw DomainError.notFound('Push subscription');
  }
}
