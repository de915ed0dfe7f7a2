import { Inject, Injectable } from '@nestjs/common';
import type { SessionRevokedReason } from '#contracts';
import { type SqliteDatabase, prepared } from '#common';
import { AUTH_SQLITE } from '../storage/auth-storage.tokens.js';
import type { Session } from './session.entity.js';
import { SessionRepository } from './session.repository.js';

interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  revoked_at: string | null;
  revoke_reason: SessionRevokedReason | null;
}

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  userId: row.user_id,
  refreshHash: row.refresh_hash,
  userAgent: row.user_agent,
  ip: row.ip,
  createdAt: new Date(row.created_at),
  lastUsedAt: new Date(row.last_used_at),
  revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  revokeReason: row.revoke_reason,
});

@Injectable()
export class SqliteSessionRepository extends SessionRepository {
  constructor(@Inject(AUTH_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async create(s: Session): Promise<void> {
    prepared(this.db, 
        `INSERT INTO sessions (id, user_id, refresh_hash, user_agent, ip, created_at, last_used_at, revoked_at, revoke_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.id,
        s.userId,
        s.refreshHash,
        s.userAgent,
        s.ip,
        s.createdAt.toISOString(),
        s.lastUsedAt.toISOString(),
        s.revokedAt?.toISOString() ?? null,
        s.revokeReason,
      );
  }

  async findById(id: string): Promise<Session | null> {
    const row = prepared(this.db, 'SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async rotateRefresh(id: string, expectedHash: string, newHash: string, at: Date): Promise<boolean> {
    const result = prepared(this.db, 
        `UPDATE sessions SET refresh_hash = ?, last_used_at = ?
         WHERE id = ? AND refresh_hash = ? AND revoked_at IS NULL`,
      )
      .run(newHash, at.toISOString(), id, expectedHash);
    return result.changes === 1;
  }

  async revoke(id: string, reason: SessionRevokedReason, at: Date): Promise<boolean> {
    const result = prepared(this.db, 'UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at.toISOString(), reason, id);
    return result.changes === 1;
  }

  async revokeAllForUser(userId: string, keepId: string | null, reason: SessionRevokedReason, at: Date): Promise<string[]> {
    const rows = prepared(this.db, 
        `UPDATE sessions SET revoked_at = ?, revoke_reason = ?
         WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ? RETURNING id`,
      )
      .all(at.toISOString(), reason, userId, keepId) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async listActive(userId: string): Promise<Session[]> {
    const rows = prepared(this.db, 'SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY last_used_at DESC, id DESC')
      .all(userId) as SessionRow[];
    return rows.map(toSession);
  }

  async touch(id: string, at: Date, olderThan: Date): Promise<void> {
    prepared(this.db, 'UPDATE sessions SET last_used_at = ? WHERE id = ? AND last_used_at < ?')
      .run(at.toISOString(), id, olderThan.toISOString());
  }
}
