import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BlockBody, type Caller, PageQuery, PublicUserPage, USERS_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

@ApiTags('blocks')
@ApiBearerAuth()
@Controller('users/blocks')
export class BlocksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Users you blocked, most recent first' })
  @ApiOkResponse({ type: PublicUserPage })
  @ApiProblems(400, 401)
  list(@CurrentCaller() caller: Caller, @Query() query: PageQuery): Promise<PublicUserPage> {
    return this.rpc.request(USERS_SUBJECTS.listBlocks, { ...query, caller });
  }

  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Block a user: ends your friendship and pending requests; no DMs either way' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  block(@CurrentCaller() caller: Caller, @Body() body: BlockBody): Promise<void> {
    return this.rpc.request(USERS_SUBJECTS.block, { ...body, caller });
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unblock a user' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  unblock(@CurrentCaller() caller: Caller, @Param('userId') userId: string): Promise<void> {
    return this.rpc.request(USERS_SUBJECTS.unblock, { caller, userId });
  }
}
