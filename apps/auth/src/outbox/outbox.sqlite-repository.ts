import { Inject, Injectable } from '@nestjs/common';
import { type SqliteDatabase, prepared } from '#common';
import { AUTH_SQLITE } from '../storage/auth-storage.tokens.js';
import type { OutboxEvent } from './outbox-event.js';
import { OutboxRepository } from './outbox.repository.js';

/** Called inside the caller's transaction: the events commit or roll back with the state change. */
export function insertOutboxEvents(db: SqliteDatabase, events: OutboxEvent[]): void {
  if (events.length === 0) return;
  const insert = db.prepare('INSERT INTO outbox (id, subject, payload, created_at, traceparent) VALUES (?, ?, ?, ?, ?)');
  for (const event of events) {
    insert.run(event.id, event.subject, JSON.stringify(event.payload), event.createdAt.toISOString(), event.traceparent ?? null);
  }
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: string;
  created_at: string;
  traceparent: string | null;
}

@Injectable()
export class SqliteOutboxRepository extends OutboxRepository {
  constructor(@Inject(AUTH_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async pending(limit: number): Promise<OutboxEvent[]> {
    const rows = prepared(this.db, 'SELECT id, subject, payload, created_at, traceparent FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?')
      .all(limit) as OutboxRow[];
    return rows.map((row) => ({
      id: row.id,
      subject: row.subject,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      createdAt: new Date(row.created_at),
      ...(row.traceparent ? { traceparent: row.traceparent } : {}),
    }));
  }

  /** Published events are deleted (as on mongo): JetStream holds them from now on, and the table stays small. */
  async markPublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    prepared(this.db, 'DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
  }
}
