import { Payload } from '@nestjs/microservices';
import { NOTIFICATIONS_SUBJECTS, PushSubscriptionCommand, SessionCommand, SubscribePushCommand, VapidKeyQuery } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { PushSubscriptionsService } from './push-subscriptions.service.js';

@RpcController()
export class PushSubscriptionsHandler {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @RpcHandler(NOTIFICATIONS_SUBJECTS.vapidPublicKey)
  vapidPublicKey(@Payload() _query: VapidKeyQuery) {
    return this.subscriptions.vapidPublicKey();
  }

  @RpcHandler(NOTIFICATIONS_SUBJECTS.subscribePush)
  subscribe(@Payload() cmd: SubscribePushCommand) {
    return this.subscriptions.subscribe(cmd);
  }

  @RpcHandler(NOTIFICATIONS_SUBJECTS.listPushSubscriptions)
  list(@Payload() cmd: SessionCommand) {
    return this.subscriptions.list(cmd);
  }

  @RpcHandler(NOTIFICATIONS_SUBJECTS.deletePushSubscription)
  remove(@Payload() cmd: PushSubscriptionCommand) {
    return this.subscriptions.remove(cmd);
  }
}
