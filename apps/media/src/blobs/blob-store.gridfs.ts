import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Connection, mongo } from 'mongoose';
import { assertBlobKey, type BlobRange, BlobStore, HashingStream, type StoredBlob } from './blob-store.js';

/** Blobs as GridFS files (bucket `media`) in the service's own MongoDB database; the key is the file name. */
export class GridFsBlobStore extends BlobStore {
  constructor(private readonly connection: Connection) {
    super();
  }

  private bucket(): mongo.GridFSBucket {
    if (!this.connection.db) throw new Error('MongoDB is not connected');
    return new mongo.GridFSBucket(this.connection.db, { bucketName: 'media' });
  }

  async put(key: string, source: Readable, _size: number): Promise<StoredBlob> {
    assertBlobKey(key);
    const bucket = this.bucket();
    const previous = await bucket.find({ filename: key }).toArray();
    const hashing = new HashingStream();
    const upload = bucket.openUploadStream(key);
    await pipeline(source, hashing, upload);
    // Replace: the new file is complete before the old ones go, so a reader always finds one.
    for (const file of previous) await bucket.delete(file._id);
    return hashing.digest();
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    assertBlobKey(key);
    const [file] = await this.bucket().find({ filename: key }).sort({ uploadDate: -1 }).limit(1).toArray();
    if (!file) return null;
    // GridFS's end is exclusive; HTTP's is inclusive.
    return this.bucket().openDownloadStream(file._id, range ? { start: range.start, end: range.end + 1 } : {});
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertBlobKey(key);
    const [file] = await this.bucket().find({ filename: key }).sort({ uploadDate: -1 }).limit(1).toArray();
    return file ? { size: file.length } : null;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    const bucket = this.bucket();
    for (const file of await bucket.find({ filename: key }).toArray()) await bucket.delete(file._id);
  }

  async ping(): Promise<void> {
    await this.connection.db?.admin().ping();
  }
}
