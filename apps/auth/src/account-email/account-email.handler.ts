import { Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, ForgotPasswordCommand, ResetPasswordCommand, SessionCommand, VerifyEmailCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AccountEmailService } from './account-email.service.js';

@RpcController()
export class AccountEmailHandler {
  constructor(private readonly accountEmail: AccountEmailService) {}

  @RpcHandler(AUTH_SUBJECTS.requestEmailVerification)
  requestVerification(@Payload() cmd: SessionCommand) {
    return this.accountEmail.requestVerification(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.verifyEmail)
  verifyEmail(@Payload() cmd: VerifyEmailCommand) {
    return this.accountEmail.verifyEmail(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.forgotPassword)
  forgotPassword(@Payload() cmd: ForgotPasswordCommand) {
    return this.accountEmail.forgotPassword(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.resetPassword)
  resetPassword(@Payload() cmd: ResetPasswordCommand) {
    return this.accountEmail.resetPassword(cmd);
  }
}
