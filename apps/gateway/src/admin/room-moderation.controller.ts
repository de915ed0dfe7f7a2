import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BanBody, type Caller, CHAT_SUBJECTS, MuteBody, RoomMute } from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

/**
 * Room moderation by the room's owner/admins (room roles, not account roles): stated in the OpenAPI document as
 * `x-required-room-role`, checked by chat (the room role is chat's), not by a guard here.
 */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('chat/rooms')
export class RoomModerationController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/members/:userId/mute')
  @ApiExtension('x-required-room-role', ['owner', 'admin'])
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mute a member for durationSeconds (owner/admin; admins mute members only): their posts get 403 MUTED until then; members get room:member-muted',
  })
  @ApiOkResponse({ type: RoomMute })
  @ApiProblems(400, 401, 403, 404)
  mute(@CurrentCaller() caller: Caller, @Param('id') roomId: string, @Param('userId') userId: string, @Body() body: MuteBody): Promise<RoomMute> {
    return this.rpc.request(CHAT_SUBJECTS.muteMember, { ...body, roomId, userId, caller });
  }

  @Post(':id/members/:userId/ban')
  @ApiExtension('x-required-room-role', ['owner', 'admin'])
  @HttpCode(204)
  @ApiOperation({
    summary: 'Ban a member (owner/admin): removed from the room, joining or being added again is 403 BANNED; members get room:member-banned',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async ban(@CurrentCaller() caller: Caller, @Param('id') roomId: string, @Param('userId') userId: string, @Body() body: BanBody): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.banMember, { ...body, roomId, userId, caller });
  }
}
