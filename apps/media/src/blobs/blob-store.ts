import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';

/** Inclusive byte range, as in an HTTP Range header. */
export interface BlobRange {
  start: number;
  end: number;
}

export interface StoredBlob {
  size: number;
  /** Lowercase hex sha256 of the bytes stored. */
  sha256: string;
}

/**
 * Port for the bytes of media (docs/adr/0013): keys are `[A-Za-z0-9._-]` segments joined by `/`. Every
 * method streams; none holds a whole blob in memory. Adapters: filesystem, GridFS, S3 (one contract suite).
 */
export abstract class BlobStore {
  /** Stores `source` under `key` (replacing what was there), resolving with what was stored. */
  abstract put(key: string, source: Readable, size: number): Promise<StoredBlob>;
  /** The bytes (or a range of them), or null when there is no such blob. */
  abstract get(key: string, range?: BlobRange): Promise<Readable | null>;
  /** The size, or null when there is no such blob. */
  abstract stat(key: string): Promise<{ size: number } | null>;
  /** Removes the blob; removing a missing one is not an error. */
  abstract delete(key: string): Promise<void>;
  /** Is the backend reachable (readiness)? */
  abstract ping(): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Refuses a key that could leave its folder or its bucket prefix. */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.length > 512) throw new Error(`invalid blob key: ${key}`);
}

/** A pass-through that hashes and counts what flows through it. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }

  digest(): StoredBlob {
    return { size: this.size, sha256: this.hash.digest('hex') };
  }
}
