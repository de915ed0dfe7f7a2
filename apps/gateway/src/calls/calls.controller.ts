import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, IceServers } from '#contracts';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { IceServersService } from './ice-servers.service.js';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(private readonly iceServers: IceServersService) {}

  @Get('ice-servers')
  @ApiOperation({ summary: 'STUN and TURN servers for RTCPeerConnection, with a time-limited TURN credential (TURN REST API scheme)' })
  @ApiOkResponse({ type: IceServers })
  @ApiProblems(401)
  get(@CurrentCaller() caller: Caller): IceServers {
    return this.iceServers.forUser(caller.userId);
  }
}
