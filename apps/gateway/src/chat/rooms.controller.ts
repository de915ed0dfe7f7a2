import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddMemberBody,
  type Caller,
  CHAT_SUBJECTS,
  CreateRoomBody,
  Message,
  MessagePage,
  PostMessageBody,
  RoomDetail,
  RoomPage,
  RoomsQuery,
  SeqPageQuery,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

/** Rooms are group conversations: a room id is its conversation id. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('chat/rooms')
export class RoomsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Public rooms (scope=public, default) or your rooms (scope=mine), newest first' })
  @ApiOkResponse({ type: RoomPage })
  @ApiProblems(400, 401)
  list(@CurrentCaller() caller: Caller, @Query() query: RoomsQuery): Promise<RoomPage> {
    return this.rpc.request(CHAT_SUBJECTS.listRooms, { ...query, caller });
  }

  @Post()
  @ApiOperation({ summary: 'Create a room; you are its owner' })
  @ApiCreatedResponse({ type: RoomDetail })
  @ApiProblems(400, 401, 404)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateRoomBody): Promise<RoomDetail> {
    return this.rpc.request(CHAT_SUBJECTS.createRoom, { ...body, caller });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A room with its members (private rooms: members only, else 404)' })
  @ApiOkResponse({ type: RoomDetail })
  @ApiProblems(400, 401, 404)
  get(@CurrentCaller() caller: Caller, @Param('id') roomId: string): Promise<RoomDetail> {
    return this.rpc.request(CHAT_SUBJECTS.getRoom, { roomId, caller });
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a public room (private → 403)' })
  @ApiOkResponse({ type: RoomDetail })
  @ApiProblems(400, 401, 403, 404)
  join(@CurrentCaller() caller: Caller, @Param('id') roomId: string): Promise<RoomDetail> {
    return this.rpc.request(CHAT_SUBJECTS.joinRoom, { roomId, caller });
  }

  @Post(':id/leave')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave a room (the last owner hands ownership to the longest-standing admin, else member)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async leave(@CurrentCaller() caller: Caller, @Param('id') roomId: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.leaveRoom, { roomId, caller });
  }

  @Post(':id/members')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a member (owner/admin); the owner may also set role admin/member' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async addMember(@CurrentCaller() caller: Caller, @Param('id') roomId: string, @Body() body: AddMemberBody): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.addMember, { ...body, roomId, caller });
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (owner/admin, or yourself)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async removeMember(@CurrentCaller() caller: Caller, @Param('id') roomId: string, @Param('userId') userId: string): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.removeMember, { roomId, userId, caller });
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'Room history (same as /conversations/:id/messages)' })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Query() query: SeqPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.history, { ...query, conversationId, caller });
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Post to a room (same as /conversations/:id/messages)' })
  @ApiCreatedResponse({ type: Message })
  @ApiProblems(400, 401, 403, 404, 413)
  post(@CurrentCaller() caller: Caller, @Param('id') conversationId: string, @Body() body: PostMessageBody): Promise<Message> {
    return this.rpc.request(CHAT_SUBJECTS.postMessage, { ...body, conversationId, caller });
  }
}
