import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Caller,
  PrivateProfile,
  PublicUser,
  PublicUserPage,
  UpdateProfileBody,
  USERS_SUBJECTS,
  UserSearchQuery,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { BUDGETS, UserBudget } from '../limits/budgets.js';

/** Registered after the friends and blocks controllers, so that `:id` does not capture `/friends` or `/blocks`. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('profile')
  @ApiOperation({ summary: "The caller's private profile" })
  @ApiOkResponse({ type: PrivateProfile })
  @ApiProblems(401)
  getProfile(@CurrentCaller() caller: Caller): Promise<PrivateProfile> {
    return this.rpc.request(USERS_SUBJECTS.getProfile, { caller });
  }

  @Put('profile')
  @ApiOperation({ summary: 'Update any of username, email, displayName, bio, avatarUrl (null clears the avatar)' })
  @ApiOkResponse({ type: PrivateProfile })
  @ApiProblems(400, 401, 409)
  updateProfile(@CurrentCaller() caller: Caller, @Body() body: UpdateProfileBody): Promise<PrivateProfile> {
    return this.rpc.request(USERS_SUBJECTS.updateProfile, { ...body, caller });
  }

  @Get()
  @UserBudget(BUDGETS.search)
  @ApiOperation({ summary: 'Search users by username or display-name prefix (case-insensitive)' })
  @ApiOkResponse({ type: PublicUserPage })
  @ApiProblems(400, 401)
  search(@CurrentCaller() caller: Caller, @Query() query: UserSearchQuery): Promise<PublicUserPage> {
    return this.rpc.request(USERS_SUBJECTS.search, { ...query, caller });
  }

  @Get(':id')
  @ApiOperation({ summary: "A user's public profile (404 if unknown or if that user blocked you)" })
  @ApiOkResponse({ type: PublicUser })
  @ApiProblems(400, 401, 404)
  getUser(@CurrentCaller() caller: Caller, @Param('id') userId: string): Promise<PublicUser> {
    return this.rpc.request(USERS_SUBJECTS.getUser, { caller, userId });
  }
}
