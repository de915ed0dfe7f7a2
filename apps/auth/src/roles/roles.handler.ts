import { Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, GrantRoleCommand, SetRoleCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { RolesService } from './roles.service.js';

@RpcController()
export class RolesHandler {
  constructor(private readonly roles: RolesService) {}

  @RpcHandler(AUTH_SUBJECTS.setRole)
  setRole(@Payload() cmd: SetRoleCommand) {
    return this.roles.setRole(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.grantRole)
  grant(@Payload() cmd: GrantRoleCommand) {
    return this.roles.grant(cmd);
  }
}
