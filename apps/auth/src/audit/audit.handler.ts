import { Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, AuditListCommand, RecordAuditCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AuditService } from './audit.service.js';

@RpcController()
export class AuditHandler {
  constructor(private readonly audit: AuditService) {}

  @RpcHandler(AUTH_SUBJECTS.recordAudit)
  record(@Payload() cmd: RecordAuditCommand) {
    return this.audit.recordFor(cmd);
  }

  @RpcHandler(AUTH_SUBJECTS.listAudit)
  list(@Payload() cmd: AuditListCommand) {
    return this.audit.list(cmd);
  }
}
