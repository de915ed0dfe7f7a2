import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import { MEDIA_SQLITE } from '../storage/media-storage.tokens.js';
import type { ClaimOutcome, UploadRecord } from './upload.entity.js';
import { UploadRepository } from './upload.repository.js';

interface UploadRow {
  id: string;
  owner_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  blob_key: string;
  has_thumbnail: number;
  created_at: string;
  message_id: string | null;
  conversation_id: string | null;
  position: number | null;
}

const toUpload = (r: UploadRow): UploadRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  width: r.width,
  height: r.height,
  blobKey: r.blob_key,
  hasThumbnail: r.has_thumbnail === 1,
  createdAt: new Date(r.created_at),
  messageId: r.message_id,
  conversationId: r.conversation_id,
  position: r.position,
});

@Injectable()
export class SqliteUploadRepository extends UploadRepository {
  private readonly insertTx;
  private readonly claimTx;
  private readonly removeTx;
  private readonly byId;
  private readonly unattached;
  private readonly byMessage;
  private readonly refsOf;

  constructor(@Inject(MEDIA_SQLITE) db: SqliteDatabase) {
    super();
    const insert = db.prepare(
      `INSERT INTO uploads (id, owner_id, name, content_type, size, sha256, width, height, blob_key, has_thumbnail, created_at, message_id, conversation_id, position)
       VALUES (@id, @ownerId, @name, @contentType, @size, @sha256, @width, @height, @blobKey, @hasThumbnail, @createdAt, NULL, NULL, NULL)`,
    );
    const retain = db.prepare('INSERT INTO blobs (key, refs) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET refs = refs + 1 RETURNING refs');
    const release = db.prepare('UPDATE blobs SET refs = refs - 1 WHERE key = ? RETURNING refs');
    const dropBlob = db.prepare('DELETE FROM blobs WHERE key = ? AND refs <= 0');
    const deleteUpload = db.prepare('DELETE FROM uploads WHERE id = ?');
    const attach = db.prepare('UPDATE uploads SET message_id = ?, conversation_id = ?, position = ? WHERE id = ?');
    this.byId = db.prepare('SELECT * FROM uploads WHERE id = ?');
    this.refsOf = db.prepare('SELECT refs FROM blobs WHERE key = ?');
    this.unattached = db.prepare('SELECT * FROM uploads WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?');
    this.byMessage = db.prepare('SELECT * FROM uploads WHERE message_id = ? ORDER BY position');

    this.insertTx = db.transaction((u: UploadRecord): number => {
      insert.run({ ...u, hasThumbnail: u.hasThumbnail ? 1 : 0, createdAt: u.createdAt.toISOString() });
      return (retain.get(u.blobKey) as { refs: number }).refs;
    });
    this.removeTx = db.transaction((uploads: UploadRecord[]): string[] => {
      const freed: string[] = [];
      for (const u of uploads) {
        if (deleteUpload.run(u.id).changes === 0) continue;
        const left = release.get(u.blobKey) as { refs: number } | undefined;
        if (!left || left.refs <= 0) {
          dropBlob.run(u.blobKey);
          freed.push(u.blobKey);
        }
      }
      return freed;
    });
    this.claimTx = db.transaction((ids: string[], ownerId: string, messageId: string, conversationId: string): ClaimOutcome => {
      const rows = ids.map((id) => this.byId.get(id) as UploadRow | undefined);
      if (rows.some((r) => !r || r.owner_id !== ownerId)) return { outcome: 'not_found' };
      if (rows.some((r) => r!.message_id !== null && r!.message_id !== messageId)) return { outcome: 'already_attached' };
      ids.forEach((id, position) => attach.run(messageId, conversationId, position, id));
      return { outcome: 'claimed', uploads: ids.map((id) => toUpload(this.byId.get(id) as UploadRow)) };
    });
  }

  async insert(upload: UploadRecord): Promise<number> {
    return this.insertTx(upload);
  }

  async findById(id: string): Promise<UploadRecord | null> {
    const row = this.byId.get(id) as UploadRow | undefined;
    return row ? toUpload(row) : null;
  }

  async blobRefs(blobKey: string): Promise<number> {
    return (this.refsOf.get(blobKey) as { refs: number } | undefined)?.refs ?? 0;
  }

  async claim(ids: string[], ownerId: string, messageId: string, conversationId: string): Promise<ClaimOutcome> {
    return this.claimTx(ids, ownerId, messageId, conversationId);
  }

  async forMessages(messageIds: string[]): Promise<UploadRecord[]> {
    return messageIds.flatMap((id) => (this.byMessage.all(id) as UploadRow[]).map(toUpload));
  }

  async removeForMessage(messageId: string): Promise<string[]> {
    return this.removeTx((this.byMessage.all(messageId) as UploadRow[]).map(toUpload));
  }

  async removeUnattached(before: Date, limit: number): Promise<string[]> {
    return this.removeTx((this.unattached.all(before.toISOString(), limit) as UploadRow[]).map(toUpload));
  }

  async remove(id: string): Promise<string[]> {
    const row = this.byId.get(id) as UploadRow | undefined;
    return row ? this.removeTx([toUpload(row)]) : [];
  }
}
