import type { ClaimOutcome, UploadRecord } from './upload.entity.js';

/**
 * Port for uploads and the reference counts of their blobs (content addressing: one blob per owner and
 * sha256). The removals answer the blob keys whose last reference went, for the caller to delete.
 */
export abstract class UploadRepository {
  /** Stores the upload and takes a reference on its blob; answers the blob's reference count afterwards. */
  abstract insert(upload: UploadRecord): Promise<number>;
  abstract findById(id: string): Promise<UploadRecord | null>;
  /** How many uploads reference the blob now (0 when none). */
  abstract blobRefs(blobKey: string): Promise<number>;
  /**
   * Attaches every upload to the message, or none: not_found when one is missing or not `ownerId`'s,
   * already_attached when one belongs to another message. Claiming again for the same message is a no-op.
   */
  abstract claim(ids: string[], ownerId: string, messageId: string, conversationId: string): Promise<ClaimOutcome>;
  /** The uploads of these messages, by message and position. */
  abstract forMessages(messageIds: string[]): Promise<UploadRecord[]>;
  /** Removes a message's uploads; answers the blob keys no upload references any more. */
  abstract removeForMessage(messageId: string): Promise<string[]>;
  /** Removes up to `limit` uploads never attached and created before `before`; answers the blob keys freed. */
  abstract removeUnattached(before: Date, limit: number): Promise<string[]>;
  /** Removes one upload (a failed ingest); answers the blob key if it was the last reference. */
  abstract remove(id: string): Promise<string[]>;
}
