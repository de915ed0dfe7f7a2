import { Payload } from '@nestjs/microservices';
import {
  AUTH_SUBJECTS,
  ChangePasswordCommand,
  LoginCommand,
  RefreshCommand,
  RegisterCommand,
  RevokeSessionCommand,
  SessionCommand,
  ValidateSessionQuery,
} from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AuthService } from './auth.service.js';

@RpcController()
export class AuthHandler {
  constructor(private readonly auth: AuthService) {}

  @RpcHandler(AUTH_SUBJECTS.register)
  register(@Payload() cmd: RegisterCommand) {
    return this.auth.register(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.login)
  login(@Payload() cmd: LoginCommand) {
    return this.auth.login(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.refresh)
  refresh(@Payload() cmd: RefreshCommand) {
    return this.auth.refresh(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.logout)
  logout(@Payload() cmd: SessionCommand) {
    return this.auth.logout(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.listSessions)
  listSessions(@Payload() cmd: SessionCommand) {
    return this.auth.listSessions(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.revokeSession)
  revokeSession(@Payload() cmd: RevokeSessionCommand) {
    return this.auth.revokeSession(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.changePassword)
  changePassword(@Payload() cmd: ChangePasswordCommand) {
    return this.auth.changePassword(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.validateSession)
  validateSession(@Payload() query: ValidateSessionQuery) {
    return this.auth.validateSession(query);
  }
}
