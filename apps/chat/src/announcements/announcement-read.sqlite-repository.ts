import { Inject, Injectable } from '@nestjs/common';
import { prepared, type SqliteDatabase } from '#common';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { AnnouncementReadRepository } from './announcement-read.repository.js';

@Injectable()
export class SqliteAnnouncementReadRepository extends AnnouncementReadRepository {
  constructor(@Inject(CHAT_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async lastRead(userId: string): Promise<number> {
    const row = prepared(this.db, 'SELECT last_read_seq FROM announcement_reads WHERE user_id = ?').get(userId) as { last_read_seq: number } | undefined;
    return row?.last_read_seq ?? 0;
  }

  async markRead(userId: string, seq: number): Promise<{ lastReadSeq: number; moved: boolean }> {
    const moved =
      prepared(this.db,
          `INSERT INTO announcement_reads (user_id, last_read_seq) VALUES (?, ?)
           ON CONFLICT (user_id) DO UPDATE SET last_read_seq = excluded.last_read_seq WHERE excluded.last_read_seq > last_read_seq`,
        )
        .run(userId, seq).changes === 1 && seq > 0;
    return { lastReadSeq: await this.lastRead(userId), moved };
  }
}
