import { Inject, Injectable } from '@nestjs/common';
import { prepared, type SqliteDatabase } from '#common';
import { AUTH_SQLITE } from '../storage/auth-storage.tokens.js';
import type { EmailToken, EmailTokenPurpose } from './email-token.entity.js';
import { EmailTokenRepository } from './email-token.repository.js';

interface EmailTokenRow {
  hash: string;
  user_id: string;
  purpose: EmailTokenPurpose;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const toToken = (row: EmailTokenRow): EmailToken => ({
  hash: row.hash,
  userId: row.user_id,
  purpose: row.purpose,
  email: row.email,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  usedAt: row.used_at ? new Date(row.used_at) : null,
});

@Injectable()
export class SqliteEmailTokenRepository extends EmailTokenRepository {
  constructor(@Inject(AUTH_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async create(t: EmailToken): Promise<void> {
    prepared(this.db,
        `INSERT INTO email_tokens (hash, user_id, purpose, email, created_at, expires_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.hash, t.userId, t.purpose, t.email, t.createdAt.toISOString(), t.expiresAt.toISOString(), t.usedAt?.toISOString() ?? null);
  }

  async consume(hash: string, purpose: EmailTokenPurpose, at: Date): Promise<EmailToken | null> {
    // One conditional UPDATE: the check and the spend cannot be split by a concurrent use.
    const row = prepared(this.db,
        `UPDATE email_tokens SET used_at = @at
         WHERE hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @at
         RETURNING *`,
      )
      .get({ hash, purpose, at: at.toISOString() }) as EmailTokenRow | undefined;
    return row ? { ...toToken(row), usedAt: null } : null;
  }

  async spendAll(userId: string, purpose: EmailTokenPurpose, at: Date): Promise<number> {
    return prepared(this.db, 'UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL')
      .run(at.toISOString(), userId, purpose).changes;
  }

  async deleteExpired(before: Date): Promise<number> {
    return prepared(this.db, 'DELETE FROM email_tokens WHERE expires_at < ?').run(before.toISOString()).changes;
  }
}
