import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, type BlobRange, BlobStore, HashingStream, type StoredBlob } from './blob-store.js';

/** Blobs as files under `<root>/blobs/<key>`; written to `<root>/incoming` first and renamed, so a reader never sees half a file. */
export class FilesystemBlobStore extends BlobStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, source: Readable, _size: number): Promise<StoredBlob> {
    assertBlobKey(key);
    const incoming = join(this.root, 'incoming');
    await mkdir(incoming, { recursive: true, mode: 0o700 });
    const temp = join(incoming, randomUUID());
    const hashing = new HashingStream();
    try {
      await pipeline(source, hashing, createWriteStream(temp, { mode: 0o600 }));
      const target = this.path(key);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await rename(temp, target);
      return hashing.digest();
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    if (!(await this.stat(key))) return null;
    return createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async ping(): Promise<void> {
    await mkdir(join(this.root, 'blobs'), { recursive: true, mode: 0o700 });
  }

  private path(key: string): string {
    assertBlobKey(key);
    return join(this.root, 'blobs', key);
  }
}
