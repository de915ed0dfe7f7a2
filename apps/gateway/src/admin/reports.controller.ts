import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CHAT_SUBJECTS, ReportBody, ReportReceipt } from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { RequireRole } from './required-role.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequireRole('user')
  @ApiOperation({
    summary: 'Report a message you can see, or a user; one open report per reporter and target (a repeat returns the open one)',
  })
  @ApiCreatedResponse({ type: ReportReceipt })
  @ApiProblems(400, 401, 404)
  create(@CurrentCaller() caller: Caller, @Body() body: ReportBody): Promise<ReportReceipt> {
    return this.rpc.request(CHAT_SUBJECTS.createReport, { ...body, caller });
  }
}
