import { Injectable } from '@nestjs/common';
import { type AuditAction, type AuditTargetType, AUTH_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';

/**
 * The moderation actions chat carries out go to auth's audit log. Written after the action: if this fails the
 * request fails too, and its retry (every action here is idempotent) writes the entry then, so an action is
 * never missing from the log (it may appear twice).
 */
@Injectable()
export class ChatAudit {
  constructor(private readonly rpc: RpcClient) {}

  async record(actorId: string, action: AuditAction, target: { type: AuditTargetType; id: string }, reason: string | null): Promise<void> {
    await this.rpc.request(AUTH_SUBJECTS.recordAudit, { actorId, action, targetType: target.type, targetId: target.id, ...(reason !== null ? { reason } : {}) });
  }
}
