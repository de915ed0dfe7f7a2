import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { type Readable, Transform } from 'node:stream';
import { assertBlobKey, type BlobRange, BlobStore, HashingStream, type StoredBlob } from './blob-store.js';

export interface S3BlobStoreOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.name === 'NoSuchBucket' || e?.$metadata?.httpStatusCode === 404;
}

/** Blobs as objects of one bucket (AWS S3 or any S3-compatible server), streamed both ways. */
export class S3BlobStore extends BlobStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3BlobStoreOptions) {
    super();
    const config: S3ClientConfig = {
      region: options.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      forcePathStyle: options.forcePathStyle,
      // Checksums only where S3 requires them: the default (aws-chunked uploads with a CRC trailer) is not
      // understood by many S3-compatible servers, and put() computes a sha256 of its own anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    };
    this.client = new S3Client(config);
  }

  /** Creates the bucket when it does not exist (start-up). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.options.bucket }));
    }
  }

  async put(key: string, source: Readable, size: number): Promise<StoredBlob> {
    assertBlobKey(key);
    const hashing = new HashingStream();
    const abort = new AbortController();
    let failure: Error | undefined;
    // A source that breaks off (the client went away) aborts the PUT: S3 then keeps nothing under the key.
    source.once('error', (error: Error) => {
      failure = error;
      hashing.destroy(error);
      abort.abort(error);
    });
    // The failure is reported once, by put(); the destroyed pass-through must not throw it again as unhandled.
    hashing.on('error', () => undefined);
    source.pipe(hashing);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: hashing, ContentLength: size }), { abortSignal: abort.signal });
    } catch (error) {
      throw failure ?? error;
    }
    if (failure) throw failure;
    return hashing.digest();
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    assertBlobKey(key);
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      const body = res.Body as Readable;
      // A server that ignored the Range (some S3-compatible ones do for some forms) sent everything: cut it here.
      if (range && !res.ContentRange?.startsWith(`bytes ${range.start}-${range.end}/`)) return body.pipe(new ByteWindow(range));
      return body;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertBlobKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: res.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}

/** Passes on only bytes start..end (inclusive) of what flows through. */
class ByteWindow extends Transform {
  private offset = 0;

  constructor(private readonly range: BlobRange) {
    super();
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    const from = Math.max(0, this.range.start - this.offset);
    const to = Math.min(chunk.length, this.range.end + 1 - this.offset);
    this.offset += chunk.length;
    done(null, from < to ? chunk.subarray(from, to) : undefined);
  }
}
