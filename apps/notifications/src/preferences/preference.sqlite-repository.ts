import { Inject, Injectable } from '@nestjs/common';
import type { EmailNotifications, NotificationPreferences } from '#contracts';
import { prepared, type SqliteDatabase } from '#common';
import { NOTIFICATIONS_SQLITE } from '../storage/notifications-storage.tokens.js';
import { PreferenceRepository } from './preference.repository.js';

@Injectable()
export class SqlitePreferenceRepository extends PreferenceRepository {
  constructor(@Inject(NOTIFICATIONS_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async get(userId: string): Promise<NotificationPreferences | null> {
    const row = prepared<[string], { push: number; email: EmailNotifications }>(this.db, 'SELECT push, email FROM preferences WHERE user_id = ?').get(userId);
    return row ? { push: row.push === 1, email: row.email } : null;
  }

  async put(userId: string, preferences: NotificationPreferences, at: Date): Promise<void> {
    prepared(this.db,
        `INSERT INTO preferences (user_id, push, email, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET push = excluded.push, email = excluded.email, updated_at = excluded.updated_at`,
      )
      .run(userId, preferences.push ? 1 : 0, preferences.email, at.toISOString());
  }

  async pushDisabled(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = prepared<[string], { user_id: string }>(this.db, 'SELECT user_id FROM preferences WHERE push = 0 AND user_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(userIds));
    return new Set(rows.map((row) => row.user_id));
  }
}
