import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAccount, AdminAccountPage, AdminUsersQuery, AuditPage, AuditQuery, AUTH_SUBJECTS, type Caller, ReasonBody, SetRoleBody } from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { RequireRole } from './required-role.js';

/** Account management and the audit log (README "Administration"); every route names its minimum role. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('users')
  @RequireRole('moderator')
  @ApiOperation({ summary: 'List and search accounts with status and role, disabled ones included', description: 'Requires role: moderator or admin.' })
  @ApiOkResponse({ type: AdminAccountPage })
  @ApiProblems(400, 401, 403)
  list(@CurrentCaller() caller: Caller, @Query() query: AdminUsersQuery): Promise<AdminAccountPage> {
    return this.rpc.request(AUTH_SUBJECTS.listAccounts, { ...query, caller });
  }

  @Post('users/:id/disable')
  @HttpCode(204)
  @RequireRole('moderator')
  @ApiOperation({
    summary: 'Disable an account: its sessions end on every replica, login is refused (ACCOUNT_DISABLED), search hides it',
    description: 'Requires role: moderator or admin (an admin for staff accounts).',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async disable(@CurrentCaller() caller: Caller, @Param('id') userId: string, @Body() body: ReasonBody): Promise<void> {
    await this.rpc.request(AUTH_SUBJECTS.disableAccount, { ...body, userId, caller });
  }

  @Post('users/:id/enable')
  @HttpCode(204)
  @RequireRole('moderator')
  @ApiOperation({ summary: 'Enable a disabled account', description: 'Requires role: moderator or admin (an admin for staff accounts).' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async enable(@CurrentCaller() caller: Caller, @Param('id') userId: string): Promise<void> {
    await this.rpc.request(AUTH_SUBJECTS.enableAccount, { userId, caller });
  }

  @Put('users/:id/role')
  @RequireRole('admin')
  @ApiOperation({
    summary: "Change an account's role; its sessions end (the next login carries the new role). The last admin cannot lose the role (LAST_ADMIN)",
    description: 'Requires role: admin.',
  })
  @ApiOkResponse({ type: AdminAccount })
  @ApiProblems(400, 401, 403, 404, 409)
  setRole(@CurrentCaller() caller: Caller, @Param('id') userId: string, @Body() body: SetRoleBody): Promise<AdminAccount> {
    return this.rpc.request(AUTH_SUBJECTS.setRole, { ...body, userId, caller });
  }

  @Get('audit')
  @RequireRole('admin')
  @ApiOperation({ summary: 'The audit log, newest first: every admin and moderator action', description: 'Requires role: admin.' })
  @ApiOkResponse({ type: AuditPage })
  @ApiProblems(400, 401, 403)
  audit(@CurrentCaller() caller: Caller, @Query() query: AuditQuery): Promise<AuditPage> {
    return this.rpc.request(AUTH_SUBJECTS.listAudit, { ...query, caller });
  }
}
