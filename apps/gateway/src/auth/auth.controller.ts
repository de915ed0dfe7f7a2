import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AUTH_SUBJECTS,
  AuthResult,
  type Caller,
  ChangePasswordBody,
  type ClientInfo,
  LoginBody,
  RefreshBody,
  RegisterBody,
  SessionList,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentClient } from '../http/client-info.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { Public } from '#common';
import { BUDGETS } from '../limits/budgets.js';
import { AuthRateLimitGuard, IpBudget } from './auth-rate-limit.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('register')
  @Public()
  @IpBudget(BUDGETS.registerIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Create an account and open a session' })
  @ApiCreatedResponse({ type: AuthResult })
  @ApiProblems(400, 409, 413, 429)
  register(@Body() body: RegisterBody, @CurrentClient() client: ClientInfo): Promise<AuthResult> {
    return this.rpc.request(AUTH_SUBJECTS.register, { ...body, client });
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @IpBudget(BUDGETS.loginIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Log in with username or email; opens a new session' })
  @ApiOkResponse({ type: AuthResult })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginBody, @CurrentClient() client: ClientInfo): Promise<AuthResult> {
    return this.rpc.request(AUTH_SUBJECTS.login, { ...body, client });
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; a spent token revokes the session' })
  @ApiOkResponse({ type: AuthResult })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshBody, @CurrentClient() client: ClientInfo): Promise<AuthResult> {
    return this.rpc.request(AUTH_SUBJECTS.refresh, { ...body, client });
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session (its tokens stop working at once)' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  logout(@CurrentCaller() caller: Caller): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.logout, { caller });
  }

  @Get('sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: "List the caller's live sessions" })
  @ApiOkResponse({ type: SessionList })
  @ApiProblems(401)
  sessions(@CurrentCaller() caller: Caller): Promise<SessionList> {
    return this.rpc.request(AUTH_SUBJECTS.listSessions, { caller });
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End one of your sessions' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  revokeSession(@CurrentCaller() caller: Caller, @Param('id') targetSessionId: string): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.revokeSession, { caller, targetSessionId });
  }

  @Post('password')
  @HttpCode(204)
  @IpBudget(BUDGETS.passwordIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change password; every other session is revoked' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 429)
  changePassword(@CurrentCaller() caller: Caller, @Body() body: ChangePasswordBody): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.changePassword, { caller, ...body });
  }
}
