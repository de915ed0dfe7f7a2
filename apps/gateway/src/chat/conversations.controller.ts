import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Caller,
  CHAT_SUBJECTS,
  ChatPageQuery,
  Conversation,
  ConversationPage,
  EventsQuery,
  MarkReadBody,
  Message,
  MessagePage,
  NotificationLevelBody,
  NotificationLevelReply,
  PostMessageBody,
  SeqPageQuery,
  SyncPage,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

@ApiTags('chat')
@ApiBearerAuth()
@Controller('chat/conversations')
export class ConversationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Your conversations, most recent activity first, with unread counts' })
  @ApiOkResponse({ type: ConversationPage })
  @ApiProblems(400, 401)
  list(@CurrentCaller() caller: Caller, @Query() query: ChatPageQuery): Promise<ConversationPage> {
    return this.rpc.request(CHAT_SUBJECTS.listConversations, { ...query, caller });
  }

  @Get(':id/pins')
  @ApiOperation({ summary: 'Pinned messages of a conversation, latest pin first' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  pins(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Query() query: ChatPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.listPins, { ...query, conversationId, caller });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversation' })
  @ApiOkResponse({ type: Conversation })
  @ApiProblems(400, 401, 403, 404)
  get(@CurrentCaller() caller: Caller, @Param('id') conversationId: string): Promise<Conversation> {
    return this.rpc.request(CHAT_SUBJECTS.getConversation, { conversationId, caller });
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'History: newest first (before=), oldest first (after=)' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Query() query: SeqPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.history, { ...query, conversationId, caller });
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Post a message (a repeated clientMsgId returns the original message)' })
  @ApiCreatedResponse({ type: Message })
  @ApiProblems(400, 401, 403, 404, 413)
  post(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Body() body: PostMessageBody): Promise<Message> {
    return this.rpc.request(CHAT_SUBJECTS.postMessage, { ...body, conversationId, caller });
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Move your read position forward (never back; clamped to lastSeq)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async read(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Body() body: MarkReadBody): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.markRead, { ...body, conversationId, caller });
  }

  @Put(':id/notifications')
  @ApiOperation({ summary: 'Your notification level for this conversation: all, mentions (direct messages count as mentions) or none' })
  @ApiOkResponse({ type: NotificationLevelReply })
  @ApiProblems(400, 401, 403, 404)
  notifications(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Body() body: NotificationLevelBody): Promise<NotificationLevelReply> {
    return this.rpc.request(CHAT_SUBJECTS.setNotificationLevel, { ...body, conversationId, caller });
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The sync log: every event after a seq, in order, no gaps' })
  @ApiOkResponse({ type: SyncPage })
  @ApiProblems(400, 401, 403, 404)
  events(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Query() query: EventsQuery): Promise<SyncPage> {
    return this.rpc.request(CHAT_SUBJECTS.events, { ...query, conversationId, caller });
  }
}
