import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUTH_SUBJECTS, type Caller, ForgotPasswordBody, ResetPasswordBody, VerifyEmailBody } from '#contracts';
import { Public, RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { BUDGETS } from '../limits/budgets.js';
import { AuthRateLimitGuard, IpBudget } from './auth-rate-limit.guard.js';

/** Accounts by email (ADR 0015): address verification and the forgotten-password reset. */
@ApiTags('auth')
@Controller('auth')
export class AccountEmailController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('email/verify-request')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Mail a verification link to the account's address (nothing once it is verified)" })
  @ApiAcceptedResponse({ description: 'the mail is on its way' })
  @ApiProblems(401, 429)
  requestVerification(@CurrentCaller() caller: Caller): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.requestEmailVerification, { caller });
  }

  @Post('email/verify')
  @HttpCode(204)
  @Public()
  @IpBudget(BUDGETS.verifyEmailIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Verify the address with the token from the mail (no sign-in needed: the token is the proof)' })
  @ApiNoContentResponse({ description: 'isEmailVerified is now true' })
  @ApiProblems(400, 429)
  verify(@Body() body: VerifyEmailBody): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.verifyEmail, body);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @Public()
  @IpBudget(BUDGETS.forgotPasswordIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Mail a password-reset link if an account has this address; the answer is the same either way' })
  @ApiAcceptedResponse({ description: 'always, for known and unknown addresses alike' })
  @ApiProblems(400, 429)
  forgot(@Body() body: ForgotPasswordBody): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.forgotPassword, body);
  }

  @Post('password/reset')
  @HttpCode(204)
  @Public()
  @IpBudget(BUDGETS.resetPasswordIp)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Set a new password with the token from the reset mail; every session of the account ends' })
  @ApiNoContentResponse()
  @ApiProblems(400, 429)
  reset(@Body() body: ResetPasswordBody): Promise<void> {
    return this.rpc.request(AUTH_SUBJECTS.resetPassword, body);
  }
}
