import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, MentionsCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { MentionsService } from './mentions.service.js';

@RpcController()
export class MentionsHandler {
  constructor(private readonly mentions: MentionsService) {}

  @RpcHandler(CHAT_SUBJECTS.listMentions)
  list(@Payload() cmd: MentionsCommand) {
    return this.mentions.list(cmd);
  }
}
