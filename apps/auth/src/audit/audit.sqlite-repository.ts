import { Inject, Injectable } from '@nestjs/common';
import type { AuditAction, AuditTargetType } from '#contracts';
import { prepared, type SqliteDatabase, type TimeCursor } from '#common';
import { AUTH_SQLITE } from '../storage/auth-storage.tokens.js';
import type { AuditRecord } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';

interface AuditRow {
  id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  at: string;
}

const toRecord = (row: AuditRow): AuditRecord => ({
  id: row.id,
  actorId: row.actor_id,
  action: row.action as AuditAction,
  targetType: row.target_type as AuditTargetType,
  targetId: row.target_id,
  reason: row.reason,
  at: new Date(row.at),
});

@Injectable()
export class SqliteAuditRepository extends AuditRepository {
  constructor(@Inject(AUTH_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async append(record: AuditRecord): Promise<void> {
    prepared(this.db,
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, reason, at)
         VALUES (@id, @actorId, @action, @targetType, @targetId, @reason, @at)`,
      )
      .run({ ...record, at: record.at.toISOString() });
  }

  async list(before: TimeCursor | null, limit: number): Promise<AuditRecord[]> {
    const rows = before
      ? prepared(this.db, 'SELECT * FROM audit_log WHERE (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?')
          .all(before.at.toISOString(), before.id, limit)
      : prepared(this.db, 'SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?').all(limit);
    return (rows as AuditRow[]).map(toRecord);
  }
}
