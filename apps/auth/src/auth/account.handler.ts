import { Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, AuthUpdateAccountCommand, GetAccountQuery } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AccountService } from './account.service.js';

@RpcController()
export class AccountHandler {
  constructor(private readonly accounts: AccountService) {}

  @RpcHandler(AUTH_SUBJECTS.getAccount)
  getAccount(@Payload() query: GetAccountQuery) {
    return this.accounts.getAccount(query);
  }

  @RpcHandler(AUTH_SUBJECTS.updateAccount)
  updateAccount(@Payload() cmd: AuthUpdateAccountCommand) {
    return this.accounts.updateAccount(cmd);
  }
}
