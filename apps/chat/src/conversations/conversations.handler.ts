import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, ConversationCommand, EventsCommand, ListConversationsCommand, MarkReadCommand, SyncCommand, TypingCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { ConversationsService } from './conversations.service.js';

@RpcController()
export class ConversationsHandler {
  constructor(private readonly conversations: ConversationsService) {}

  @RpcHandler(CHAT_SUBJECTS.listConversations)
  list(@Payload() cmd: ListConversationsCommand) {
    return this.conversations.list(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.getConversation)
  get(@Payload() cmd: ConversationCommand) {
    return this.conversations.get(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.markRead)
  markRead(@Payload() cmd: MarkReadCommand) {
    return this.conversations.markRead(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.events)
  events(@Payload() cmd: EventsCommand) {
    return this.conversations.events(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.sync)
  sync(@Payload() cmd: SyncCommand) {
    return this.conversations.sync(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.typing)
  typing(@Payload() cmd: TypingCommand) {
    return this.conversations.typing(cmd);
  }
}
