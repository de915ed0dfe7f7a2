import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Caller, FriendBody, FriendPage, FriendRequests, FriendStatus, PageQuery, USERS_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

@ApiTags('friends')
@ApiBearerAuth()
@Controller('users/friends')
export class FriendsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Your friends, newest friendship first' })
  @ApiOkResponse({ type: FriendPage })
  @ApiProblems(400, 401)
  list(@CurrentCaller() caller: Caller, @Query() query: PageQuery): Promise<FriendPage> {
    return this.rpc.request(USERS_SUBJECTS.listFriends, { ...query, caller });
  }

  @Post()
  @ApiOperation({ summary: 'Send a friend request (accepted at once if they had asked you)' })
  @ApiCreatedResponse({ type: FriendStatus })
  @ApiProblems(400, 401, 403, 404, 409)
  request(@CurrentCaller() caller: Caller, @Body() body: FriendBody): Promise<FriendStatus> {
    return this.rpc.request(USERS_SUBJECTS.requestFriend, { ...body, caller });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'End a friendship or cancel a pending request either way (body form)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  removeByBody(@CurrentCaller() caller: Caller, @Body() body: FriendBody): Promise<void> {
    return this.rpc.request(USERS_SUBJECTS.removeFriend, { ...body, caller });
  }

  @Get('requests')
  @ApiOperation({ summary: 'Pending friend requests to and from you' })
  @ApiOkResponse({ type: FriendRequests })
  @ApiProblems(401)
  requests(@CurrentCaller() caller: Caller): Promise<FriendRequests> {
    return this.rpc.request(USERS_SUBJECTS.listFriendRequests, { caller });
  }

  @Post('requests/:userId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Accept that user's friend request" })
  @ApiOkResponse({ type: FriendStatus })
  @ApiProblems(400, 401, 404)
  accept(@CurrentCaller() caller: Caller, @Param('userId') userId: string): Promise<FriendStatus> {
    return this.rpc.request(USERS_SUBJECTS.acceptFriend, { caller, userId });
  }

  @Post('requests/:userId/decline')
  @HttpCode(204)
  @ApiOperation({ summary: "Decline that user's friend request" })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  decline(@CurrentCaller() caller: Caller, @Param('userId') userId: string): Promise<void> {
    return this.rpc.request(USERS_SUBJECTS.declineFriend, { caller, userId });
  }

  @Delete(':friendId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a friendship or cancel a pending request either way' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  remove(@CurrentCaller() caller: Caller, @Param('friendId') friendId: string): Promise<void> {
    return this.rpc.request(USERS_SUBJECTS.removeFriend, { caller, friendId });
  }
}
