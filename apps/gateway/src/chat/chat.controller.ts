import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  type Caller,
  CHAT_SUBJECTS,
  EditMessageBody,
  Message,
  ChatPageQuery,
  MessagePage,
  SeqPageQuery,
  MessagesQuery,
  ReactionPage,
  ReactionsQuery,
  SearchQuery,
  SendBody,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { BUDGETS, UserBudget } from '../limits/budgets.js';

@ApiTags('chat')
@ApiBearerAuth()
@Controller('chat')
export class ChatController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('send')
  @ApiOperation({ summary: 'Send a direct message; the first one creates the conversation. A repeated clientMsgId returns the original message' })
  @ApiCreatedResponse({ type: Message })
  @ApiProblems(400, 401, 403, 404, 413)
  send(@CurrentCaller() caller: Caller, @Body() body: SendBody): Promise<Message> {
    return this.rpc.request(CHAT_SUBJECTS.sendDirect, { ...body, caller });
  }

  @Get('messages')
  @ApiOperation({ summary: 'History of a conversation (with= a user, or conversationId=): newest first, oldest first with after=' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentCaller() caller: Caller, @Query() query: MessagesQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.history, { ...query, caller });
  }

  @Patch('messages/:id')
  @ApiOperation({ summary: 'Edit your message (a deleted message is 404)' })
  @ApiOkResponse({ type: Message })
  @ApiProblems(400, 401, 403, 404, 413)
  edit(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Body() body: EditMessageBody): Promise<Message> {
    return this.rpc.request(CHAT_SUBJECTS.editMessage, { ...body, messageId, caller });
  }

  @Delete('messages/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a message (sender, or room owner/admin): content becomes "", id and seq stay' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async delete(@CurrentCaller() caller: Caller, @Param('id') messageId: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.deleteMessage, { messageId, caller });
  }

  @Put('messages/:id/reactions/:emoji')
  @HttpCode(204)
  @ApiOperation({ summary: 'React to a message (idempotent: reacting twice is one reaction); at most 20 distinct emoji per message (409)' })
  @ApiParam({ name: 'emoji', description: 'one emoji (a single grapheme cluster, URL-encoded) or a :shortcode: of 1-32 [a-z0-9_+-]' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async react(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Param('emoji') emoji: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.addReaction, { messageId, emoji, caller });
  }

  @Delete('messages/:id/reactions/:emoji')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take your reaction back (idempotent)' })
  @ApiParam({ name: 'emoji', description: 'as for PUT' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async unreact(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Param('emoji') emoji: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.removeReaction, { messageId, emoji, caller });
  }

  @Put('messages/:id/pin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Pin a message (direct: either member; rooms: owner/admin); idempotent' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async pin(@CurrentCaller() caller: Caller, @Param('id') messageId: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.pin, { messageId, caller });
  }

  @Delete('messages/:id/pin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unpin a message (same rule as pinning); idempotent' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async unpin(@CurrentCaller() caller: Caller, @Param('id') messageId: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.unpin, { messageId, caller });
  }

  @Get('messages/:id/reactions')
  @ApiOperation({ summary: 'Who reacted to a message, newest first (optionally one emoji)' })
  @ApiOkResponse({ type: ReactionPage })
  @ApiProblems(400, 401, 403, 404)
  reactions(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Query() query: ReactionsQuery): Promise<ReactionPage> {
    return this.rpc.request(CHAT_SUBJECTS.listReactions, { ...query, messageId, caller });
  }

  @Get('messages/:id/thread')
  @ApiOperation({ summary: "A root message's thread replies: newest first (before=), oldest first (after=); they are not in the main history" })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  thread(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Query() query: SeqPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.thread, { ...query, messageId, caller });
  }

  @Get('mentions')
  @ApiOperation({ summary: 'Messages that mention you (@username or @room), newest first, from conversations you are still in' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401)
  mentions(@CurrentCaller() caller: Caller, @Query() query: ChatPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.listMentions, { ...query, caller });
  }

  @Get('search')
  @UserBudget(BUDGETS.search)
  @ApiOperation({ summary: 'Messages containing all words of q, from your conversations only, newest first' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  search(@CurrentCaller() caller: Caller, @Query() query: SearchQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.search, { ...query, caller });
  }
}
