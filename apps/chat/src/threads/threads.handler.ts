import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, ThreadCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { ThreadsService } from './threads.service.js';

@RpcController()
export class ThreadsHandler {
  constructor(private readonly threads: ThreadsService) {}

  @RpcHandler(CHAT_SUBJECTS.thread)
  replies(@Payload() cmd: ThreadCommand) {
    return this.threads.replies(cmd);
  }
}
