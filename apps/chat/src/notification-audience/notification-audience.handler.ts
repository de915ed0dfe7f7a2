import { Payload } from '@nestjs/microservices';
import { CHAT_NOTIFY_SUBJECTS, NotificationAudienceQuery } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { NotificationAudienceService } from './notification-audience.service.js';

@RpcController()
export class NotificationAudienceHandler {
  constructor(private readonly audience: NotificationAudienceService) {}

  @RpcHandler(CHAT_NOTIFY_SUBJECTS.notificationAudience)
  get(@Payload() query: NotificationAudienceQuery) {
    return this.audience.audience(query);
  }
}
