import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditEntry, AuditListCommand, AuditPage, AuditTargetType, RecordAuditCommand } from '#contracts';
import { decodeTimeCursor, encodeTimeCursor, newId, pageLimit, paged, requireRole } from '#common';
import type { AuditRecord } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';

/** The actor of actions taken from configuration or the operator's CLI rather than by a signed-in user. */
export const SYSTEM_ACTOR = 'system';

const entryOf = (r: AuditRecord): AuditEntry => ({
  id: r.id,
  actor: r.actorId,
  action: r.action,
  target: { type: r.targetType, id: r.targetId },
  reason: r.reason,
  at: r.at.toISOString(),
});

/** The append-only audit log of every administration and moderation action (ADR 0016). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(actorId: string, action: AuditAction, target: { type: AuditTargetType; id: string }, reason: string | null): Promise<void> {
    await this.audit.append({ id: newId(), actorId, action, targetType: target.type, targetId: target.id, reason, at: new Date() });
  }

  /** From another service (chat) that carried out a moderation action. */
  recordFor(cmd: RecordAuditCommand): Promise<void> {
    return this.record(cmd.actorId, cmd.action, { type: cmd.targetType, id: cmd.targetId }, cmd.reason ?? null);
  }

  async list({ caller, limit, cursor }: AuditListCommand): Promise<AuditPage> {
    requireRole(caller, 'admin');
    const size = pageLimit(limit);
    const rows = await this.audit.list(decodeTimeCursor(cursor), size + 1);
    const page = paged(rows, size, (r) => encodeTimeCursor(r.at, r.id));
    return { items: page.items.map(entryOf), nextCursor: page.nextCursor };
  }
}
