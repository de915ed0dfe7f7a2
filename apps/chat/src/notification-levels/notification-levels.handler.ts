import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, MessageAudienceQuery, SetNotificationLevelCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { NotificationLevelsService } from './notification-levels.service.js';

@RpcController()
export class NotificationLevelsHandler {
  constructor(private readonly levels: NotificationLevelsService) {}

  @RpcHandler(CHAT_SUBJECTS.setNotificationLevel)
  set(@Payload() cmd: SetNotificationLevelCommand) {
    return this.levels.set(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.messageAudience)
  audience(@Payload() query: MessageAudienceQuery) {
    return this.levels.audience(query);
  }
}
