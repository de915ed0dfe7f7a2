import { Inject, Injectable } from '@nestjs/common';
import { prepared, type SqliteDatabase } from '#common';
import { NOTIFICATIONS_SQLITE } from '../storage/notifications-storage.tokens.js';
import type { PushSubscriptionRecord } from './push-subscription.entity.js';
import { PushSubscriptionRepository } from './push-subscription.repository.js';

interface SubscriptionRow {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: string;
  last_success_at: string | null;
}

const toRecord = (row: SubscriptionRow): PushSubscriptionRecord => ({
  id: row.id,
  userId: row.user_id,
  endpoint: row.endpoint,
  p256dh: row.p256dh,
  auth: row.auth,
  userAgent: row.user_agent,
  createdAt: new Date(row.created_at),
  lastSuccessAt: row.last_success_at === null ? null : new Date(row.last_success_at),
});

@Injectable()
export class SqlitePushSubscriptionRepository extends PushSubscriptionRepository {
  constructor(@Inject(NOTIFICATIONS_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async save(s: PushSubscriptionRecord, keep: number): Promise<string> {
    return this.db.transaction(() => {
      const { id } = prepared<unknown[], { id: string }>(this.db,
          `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
             user_agent = excluded.user_agent
           RETURNING id`,
        )
        .get(s.id, s.userId, s.endpoint, s.p256dh, s.auth, s.userAgent, s.createdAt.toISOString()) as { id: string };
      prepared(this.db,
          `DELETE FROM push_subscriptions WHERE user_id = ? AND id NOT IN
             (SELECT id FROM push_subscriptions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)`,
        )
        .run(s.userId, s.userId, keep);
      return id;
    }).immediate();
  }

  async listByUser(userId: string): Promise<PushSubscriptionRecord[]> {
    return prepared<[string], SubscriptionRow>(this.db, 'SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at DESC, id DESC')
      .all(userId)
      .map(toRecord);
  }

  async listByUsers(userIds: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (userIds.length === 0) return [];
    return prepared<[string], SubscriptionRow>(this.db, 'SELECT * FROM push_subscriptions WHERE user_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(userIds))
      .map(toRecord);
  }

  async remove(id: string, userId: string | null): Promise<boolean> {
    const result =
      userId === null
        ? prepared(this.db, 'DELETE FROM push_subscriptions WHERE id = ?').run(id)
        : prepared(this.db, 'DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?').run(id, userId);
    return result.changes > 0;
  }

  async markSuccess(id: string, at: Date): Promise<void> {
    prepared(this.db, 'UPDATE push_subscriptions SET last_success_at = ? WHERE id = ?').run(at.toISOString(), id);
  }
}
