import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import S3rver from 's3rver';
import { MONGO_CONNECT_OPTIONS } from '#common';
import { makeTempDir } from '#common/testing';
import type { BlobStore } from '../blobs/blob-store.js';
import { FilesystemBlobStore } from '../blobs/blob-store.filesystem.js';
import { GridFsBlobStore } from '../blobs/blob-store.gridfs.js';
import { S3BlobStore } from '../blobs/blob-store.s3.js';

export interface BlobStoreFixture {
  store: BlobStore;
  close(): Promise<void>;
}

/** A fresh store per adapter: a temp folder, an S3 protocol server (s3rver) on a loopback port, a GridFS database. */
export const blobStoreFactories = {
  filesystem: async (): Promise<BlobStoreFixture> => {
    const dir = makeTempDir('media-blobs');
    return { store: new FilesystemBlobStore(dir.path), close: async () => dir.remove() };
  },
  s3: async (): Promise<BlobStoreFixture> => {
    const dir = makeTempDir('media-s3rver');
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir.path });
    const { port } = await server.run();
    const store = new S3BlobStore({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: 'contract-media',
      // s3rver's fixed development credentials.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    await store.ensureBucket();
    return {
      store,
      close: async () => {
        store.close();
        await server.close();
        dir.remove();
      },
    };
  },
  gridfs: async (uri: string): Promise<BlobStoreFixture> => {
    const connection = await mongoose.createConnection(uri, { ...MONGO_CONNECT_OPTIONS, dbName: `contract_media_${randomUUID().slice(0, 8)}` }).asPromise();
    return {
      store: new GridFsBlobStore(connection),
      close: async () => {
        await connection.dropDatabase();
        await connection.close();
      },
    };
  },
};
