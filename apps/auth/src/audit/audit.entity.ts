import type { AuditAction, AuditTargetType } from '#contracts';

/** One administration or moderation action, as it happened. Never changed once written. */
export interface AuditRecord {
  id: string;
  actorId: string;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  reason: string | null;
  at: Date;
}
