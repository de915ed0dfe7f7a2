import { Payload } from '@nestjs/microservices';
import { AccountTargetCommand, AUTH_SUBJECTS, DisableAccountCommand, ListAccountsCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AccountAdminService } from './account-admin.service.js';

@RpcController()
export class AccountAdminHandler {
  constructor(private readonly admin: AccountAdminService) {}

  @RpcHandler(AUTH_SUBJECTS.listAccounts)
  list(@Payload() cmd: ListAccountsCommand) {
    return this.admin.list(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.disableAccount)
  disable(@Payload() cmd: DisableAccountCommand) {
    return this.admin.disable(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.enableAccount)
  enable(@Payload() cmd: AccountTargetCommand) {
    return this.admin.enable(cmd);
  }
}
