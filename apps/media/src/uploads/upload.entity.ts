export interface UploadRecord {
  id: string;
  ownerId: string;
  /** As the client named it (sanitized). */
  name: string;
  /** Detected from the bytes. */
  contentType: string;
  /** Of the bytes as served. */
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  /** The blob holding the bytes; shared by the owner's uploads of the same content (reference counted). */
  blobKey: string;
  hasThumbnail: boolean;
  createdAt: Date;
  /** Set once, by the claim of the message that carries it. */
  messageId: string | null;
  conversationId: string | null;
  /** Order within its message. */
  position: number | null;
}

export type ClaimOutcome = { outcome: 'claimed'; uploads: UploadRecord[] } | { outcome: 'not_found' } | { outcome: 'already_attached' };

/** Where a blob's thumbnail lives: next to it, under the same reference count. */
export const thumbnailKeyOf = (blobKey: string) => `${blobKey}.thumb.webp`;
