import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, DeleteMessageCommand, EditMessageCommand, HistoryCommand, PostMessageCommand, SendDirectCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { MessagesService } from './messages.service.js';

@RpcController()
export class MessagesHandler {
  constructor(private readonly messages: MessagesService) {}

  @RpcHandler(CHAT_SUBJECTS.sendDirect)
  sendDirect(@Payload() cmd: SendDirectCommand) {
    return this.messages.sendDirect(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.postMessage)
  post(@Payload() cmd: PostMessageCommand) {
    return this.messages.post(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.history)
  history(@Payload() cmd: HistoryCommand) {
    return this.messages.history(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.editMessage)
  edit(@Payload() cmd: EditMessageCommand) {
    return this.messages.edit(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.deleteMessage)
  delete(@Payload() cmd: DeleteMessageCommand) {
    return this.messages.delete(cmd);
  }
}
