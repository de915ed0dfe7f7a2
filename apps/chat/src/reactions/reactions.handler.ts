import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, ReactCommand, ReactionsCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { ReactionsService } from './reactions.service.js';

@RpcController()
export class ReactionsHandler {
  constructor(private readonly reactions: ReactionsService) {}

  @RpcHandler(CHAT_SUBJECTS.addReaction)
  add(@Payload() cmd: ReactCommand) {
    return this.reactions.add(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.removeReaction)
  remove(@Payload() cmd: ReactCommand) {
    return this.reactions.remove(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.listReactions)
  list(@Payload() cmd: ReactionsCommand) {
    return this.reactions.list(cmd);
  }
}
