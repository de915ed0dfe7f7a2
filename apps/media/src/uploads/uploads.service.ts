import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import {
  type Attachment,
  type AttachmentList,
  CHAT_SUBJECTS,
  type ClaimAttachmentsCommand,
  ErrorCode,
  type MessageAttachments,
  type MessageAttachmentsQuery,
  type ReleaseAttachmentsCommand,
} from '#contracts';
import { DomainError, KeyedSerialQueue, newId, RpcClient } from '#common';
import { BlobStore } from '../blobs/blob-store.js';
import { MediaEnv } from '../media.env.js';
import { inspectUpload, sha256OfFile } from './content-inspector.js';
import { thumbnailKeyOf, type UploadRecord } from './upload.entity.js';
import { UploadRepository } from './upload.repository.js';
import { type MediaVariant, UrlSigner } from './url-signer.js';

/** Who asks for bytes: a user the gateway authenticated, or the holder of a signed url. */
export interface MediaReader {
  userId: string | null;
  exp: string | null;
  sig: string | null;
}

const tooLarge = (max: number) => new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file exceeds ${max} bytes`);
const notFound = () => DomainError.notFound('Media');

/** Counts the bytes flowing through and fails as soon as there are more than `max`. */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.seen += chunk.length;
    if (this.seen > this.max) return done(tooLarge(this.max));
    done(null, chunk);
  }
}

/** The client's file name without a path or control characters, at most 255 characters. */
export function cleanFileName(name: string | null | undefined): string {
  const base = basename((name ?? '').replaceAll('\\', '/'))
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  return Array.from(base || 'file').slice(0, 255).join('');
}

/**
 * Uploads: streamed to a scratch file (never held in memory), inspected, stored once per owner and content,
 * attached to one message by chat, served to whoever chat says may read it, collected when never attached.
 */
@Injectable()
export class UploadsService {
  readonly signer: UrlSigner;
  /** Taking and dropping references to one blob key never interleave with its put or delete. */
  private readonly perBlob = new KeyedSerialQueue();
  private readonly accessCache = new Map<string, number>();
  readonly scratchDir: string;

  constructor(
    private readonly env: MediaEnv,
    private readonly uploads: UploadRepository,
    private readonly blobs: BlobStore,
    private readonly rpc: RpcClient,
  ) {
    this.signer = new UrlSigner(env.MEDIA_SECRET, env.MEDIA_URL_TTL_SECONDS);
    this.scratchDir = join(env.DATA_DIR, 'media', 'scratch');
  }

  /** Scratch files left by a crash are garbage: nothing refers to them. */
  async clearScratch(): Promise<void> {
    await mkdir(this.scratchDir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.scratchDir)) await rm(join(this.scratchDir, name), { force: true });
  }

  /** Streams `source` into a scratch file, failing (and removing it) past MEDIA_MAX_BYTES or if the source breaks off. */
  async receive<T>(source: Readable, use: (path: string) => Promise<T>): Promise<T> {
    const path = join(this.scratchDir, randomUUID());
    try {
      await pipeline(source, new ByteLimit(this.env.MEDIA_MAX_BYTES), createWriteStream(path, { mode: 0o600 }));
      return await use(path);
    } finally {
      await rm(path, { force: true });
    }
  }

  /** POST /api/media: the whole upload, answered once it is stored. */
  async ingest(ownerId: string, fileName: string | null, source: Readable): Promise<Attachment> {
    return this.receive(source, async (path) => {
      const reencoded = `${path}.served`;
      try {
        const inspected = await inspectUpload(path, reencoded, this.env.MEDIA_MAX_PIXELS);
        const sha256 = await sha256OfFile(inspected.servedPath);
        const upload: UploadRecord = {
          id: newId(),
          ownerId,
          name: cleanFileName(fileName),
          contentType: inspected.contentType,
          size: (await stat(inspected.servedPath)).size,
          sha256,
          width: inspected.width,
          height: inspected.height,
          // Content addressing per owner: the same bytes uploaded again by the same user share one blob.
          blobKey: `u/${ownerId}/${sha256}`,
          hasThumbnail: inspected.thumbnail !== null,
          createdAt: new Date(),
          messageId: null,
          conversationId: null,
          position: null,
        };
        await this.perBlob.run(upload.blobKey, async () => {
          const refs = await this.uploads.insert(upload);
          try {
            if (refs === 1 || !(await this.blobs.stat(upload.blobKey))) {
              await this.blobs.put(upload.blobKey, createReadStream(inspected.servedPath), upload.size);
              if (inspected.thumbnail) await this.blobs.put(thumbnailKeyOf(upload.blobKey), Readable.from([inspected.thumbnail]), inspected.thumbnail.length);
            }
          } catch (error) {
            await this.dropBlobs(await this.uploads.remove(upload.id), false);
            throw error;
          }
        });
        return this.view(upload);
      } finally {
        await rm(reencoded, { force: true });
      }
    });
  }

  /** Chat, before it stores a message: attach the sender's uploads (all or none). */
  async claim({ userId, messageId, conversationId, attachmentIds }: ClaimAttachmentsCommand): Promise<AttachmentList> {
    const result = await this.uploads.claim(attachmentIds, userId, messageId, conversationId);
    if (result.outcome === 'not_found') throw DomainError.notFound('Attachment');
    if (result.outcome === 'already_attached') throw new DomainError(ErrorCode.ALREADY_ATTACHED, 'That upload is already attached to a message');
    return { items: result.uploads.map((u) => this.view(u)) };
  }

  async forMessages({ messageIds }: MessageAttachmentsQuery): Promise<MessageAttachments> {
    const found: MessageAttachments = {};
    for (const upload of await this.uploads.forMessages(messageIds)) {
      (found[upload.messageId as string] ??= []).push(this.view(upload));
    }
    return found;
  }

  /** The message was deleted: its uploads go, and the blobs nobody else uses. */
  async release({ messageId }: ReleaseAttachmentsCommand): Promise<void> {
    this.forgetAccess(messageId);
    await this.dropBlobs(await this.uploads.removeForMessage(messageId));
  }

  /** Unattached uploads older than MEDIA_UNATTACHED_TTL_SECONDS; answers how many blobs were freed. */
  async collect(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.env.MEDIA_UNATTACHED_TTL_SECONDS * 1000);
    let freed = 0;
    for (;;) {
      const keys = await this.uploads.removeUnattached(before, 100);
      await this.dropBlobs(keys);
      freed += keys.length;
      if (keys.length < 100) return freed;
    }
  }

  /** The upload `reader` may read, or 404 (unknown, not theirs, not a member, deleted message, bad signature). */
  async readable(id: string, variant: MediaVariant, reader: MediaReader): Promise<UploadRecord> {
    const upload = await this.uploads.findById(id);
    if (!upload || (variant === 'thumbnail' && !upload.hasThumbnail)) throw notFound();
    const signed = reader.sig !== null && this.signer.verify(id, variant, reader.exp, reader.sig);
    if (upload.messageId === null) {
      if (signed || (reader.userId !== null && reader.userId === upload.ownerId)) return upload;
      throw notFound();
    }
    // A signed url still needs a message that is not deleted; a token needs membership too.
    const userId = signed ? null : reader.userId;
    if (!signed && userId === null) throw notFound();
    if (!(await this.mayRead(upload.messageId, userId))) throw notFound();
    return upload;
  }

  view(u: UploadRecord): Attachment {
    const exp = this.signer.expiry();
    return {
      id: u.id,
      name: u.name,
      contentType: u.contentType,
      size: u.size,
      sha256: u.sha256,
      width: u.width,
      height: u.height,
      url: this.signer.url(u.id, 'original', exp),
      thumbnailUrl: u.hasThumbnail ? this.signer.url(u.id, 'thumbnail', exp) : null,
      urlExpiresAt: new Date(exp * 1000).toISOString(),
      createdAt: u.createdAt.toISOString(),
    };
  }

  private async mayRead(messageId: string, userId: string | null): Promise<boolean> {
    const key = `${messageId}:${userId ?? '-'}`;
    const until = this.accessCache.get(key);
    if (until !== undefined && until > Date.now()) return true;
    const { allowed } = await this.rpc.request(CHAT_SUBJECTS.attachmentAccess, { messageId, ...(userId !== null ? { userId } : {}) });
    // Only a yes is reused, briefly (a video's range requests); a leave or a delete shows within the TTL.
    if (allowed && this.env.MEDIA_ACCESS_CACHE_MS > 0) {
      if (this.accessCache.size > 10_000) this.accessCache.clear();
      this.accessCache.set(key, Date.now() + this.env.MEDIA_ACCESS_CACHE_MS);
    }
    return allowed;
  }

  private forgetAccess(messageId: string): void {
    for (const key of this.accessCache.keys()) if (key.startsWith(`${messageId}:`)) this.accessCache.delete(key);
  }

  /** Deletes blobs whose last reference went, unless an upload of the same bytes took one again meanwhile. */
  private async dropBlobs(keys: string[], queued = true): Promise<void> {
    for (const key of keys) {
      const drop = async () => {
        if ((await this.uploads.blobRefs(key)) > 0) return;
        await this.blobs.delete(key);
        await this.blobs.delete(thumbnailKeyOf(key));
      };
      // Inside ingest's own task for this key already (queued = false): running it through the queue would wait for itself.
      await (queued ? this.perBlob.run(key, drop) : drop());
    }
  }
}
