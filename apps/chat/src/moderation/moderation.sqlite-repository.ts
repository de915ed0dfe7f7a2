import { Inject, Injectable } from '@nestjs/common';
import type { ReportReason, ReportResolution, ReportStatus } from '#contracts';
import { prepared, type SqliteDatabase, type TimeCursor } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import type { ReportRecord } from './moderation.entity.js';
import { ReportRepository } from './report.repository.js';
import { RoomSanctionRepository } from './room-sanction.repository.js';

interface ReportRow {
  id: string;
  reporter_id: string;
  target_type: 'message' | 'user';
  target_id: string;
  reason: string;
  note: string | null;
  status: string;
  created_at: string;
  resolved_by: string | null;
  resolution: string | null;
  resolved_at: string | null;
}

const toReport = (row: ReportRow): ReportRecord => ({
  id: row.id,
  reporterId: row.reporter_id,
  targetType: row.target_type,
  targetId: row.target_id,
  reason: row.reason as ReportReason,
  note: row.note,
  status: row.status as ReportStatus,
  createdAt: new Date(row.created_at),
  resolvedBy: row.resolved_by,
  resolution: row.resolution as ReportResolution | null,
  resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
});

@Injectable()
export class SqliteReportRepository extends ReportRepository {
  constructor(@Inject(CHAT_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async open(r: ReportRecord): Promise<ReportRecord> {
    // The partial unique index (one open report per reporter and target) decides, not a read before the write.
    prepared(this.db,
        `INSERT INTO reports (id, reporter_id, target_type, target_id, reason, note, status, created_at)
         VALUES (@id, @reporterId, @targetType, @targetId, @reason, @note, 'open', @createdAt)
         ON CONFLICT (reporter_id, target_type, target_id) WHERE status = 'open' DO NOTHING`,
      )
      .run({ ...r, createdAt: r.createdAt.toISOString() });
    const row = prepared(this.db, "SELECT * FROM reports WHERE reporter_id = ? AND target_type = ? AND target_id = ? AND status = 'open'")
      .get(r.reporterId, r.targetType, r.targetId) as ReportRow;
    return toReport(row);
  }

  async findById(id: string): Promise<ReportRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    return row ? toReport(row) : null;
  }

  async list(status: ReportStatus | undefined, before: TimeCursor | null, limit: number): Promise<ReportRecord[]> {
    const rows = prepared(this.db,
        `SELECT * FROM reports WHERE (@status IS NULL OR status = @status) AND (@at IS NULL OR (created_at, id) < (@at, @id))
         ORDER BY created_at DESC, id DESC LIMIT @limit`,
      )
      .all({ status: status ?? null, at: before?.at.toISOString() ?? null, id: before?.id ?? '', limit }) as ReportRow[];
    return rows.map(toReport);
  }

  async resolve(id: string, by: string, resolution: ReportResolution, at: Date): Promise<ReportRecord | null> {
    const row = prepared(this.db, "UPDATE reports SET status = 'resolved', resolved_by = ?, resolution = ?, resolved_at = ? WHERE id = ? AND status = 'open' RETURNING *")
      .get(by, resolution, at.toISOString(), id) as ReportRow | undefined;
    return row ? toReport(row) : null;
  }
}

@Injectable()
export class SqliteRoomSanctionRepository extends RoomSanctionRepository {
  constructor(@Inject(CHAT_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async mute(roomId: string, userId: string, until: Date, by: string): Promise<void> {
    prepared(this.db,
        `INSERT INTO room_mutes (conversation_id, user_id, until, muted_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation_id, user_id) DO UPDATE SET until = excluded.until, muted_by = excluded.muted_by`,
      )
      .run(roomId, userId, until.toISOString(), by);
  }

  async mutedUntil(roomId: string, userId: string): Promise<Date | null> {
    const row = prepared(this.db, 'SELECT until FROM room_mutes WHERE conversation_id = ? AND user_id = ?').get(roomId, userId) as { until: string } | undefined;
    return row ? new Date(row.until) : null;
  }

  async ban(roomId: string, userId: string, by: string, at: Date): Promise<boolean> {
    const result = prepared(this.db, 'INSERT INTO room_bans (conversation_id, user_id, banned_by, banned_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(roomId, userId, by, at.toISOString());
    return result.changes === 1;
  }

  async isBanned(roomId: string, userId: string): Promise<boolean> {
    return prepared(this.db, 'SELECT 1 FROM room_bans WHERE conversation_id = ? AND user_id = ?').get(roomId, userId) !== undefined;
  }
}
