import { Inject, Injectable } from '@nestjs/common';
import { prepared, type SqliteDatabase } from '#common';
import { NOTIFICATIONS_SQLITE } from '../storage/notifications-storage.tokens.js';
import { PushDeliveryRepository, type PushDeliveryState } from './push-delivery.repository.js';

@Injectable()
export class SqlitePushDeliveryRepository extends PushDeliveryRepository {
  constructor(@Inject(NOTIFICATIONS_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async claim(messageId: string, subscriptionId: string, at: Date): Promise<boolean> {
    const result = prepared(this.db, "INSERT INTO push_deliveries (message_id, subscription_id, state, updated_at) VALUES (?, ?, 'sending', ?) ON CONFLICT DO NOTHING")
      .run(messageId, subscriptionId, at.toISOString());
    return result.changes === 1;
  }

  async settle(messageId: string, subscriptionId: string, state: Exclude<PushDeliveryState, 'sending'>, at: Date): Promise<void> {
    prepared(this.db, 'UPDATE push_deliveries SET state = ?, updated_at = ? WHERE message_id = ? AND subscription_id = ?')
      .run(state, at.toISOString(), messageId, subscriptionId);
  }

  async release(messageId: string, subscriptionId: string): Promise<void> {
    prepared(this.db, "DELETE FROM push_deliveries WHERE message_id = ? AND subscription_id = ? AND state = 'sending'").run(messageId, subscriptionId);
  }

  async state(messageId: string, subscriptionId: string): Promise<PushDeliveryState | null> {
    const row = prepared<[string, string], { state: PushDeliveryState }>(this.db, 'SELECT state FROM push_deliveries WHERE message_id = ? AND subscription_id = ?')
      .get(messageId, subscriptionId);
    return row?.state ?? null;
  }

  async prune(before: Date): Promise<number> {
    return prepared(this.db, 'DELETE FROM push_deliveries WHERE updated_at < ?').run(before.toISOString()).changes;
  }
}
