import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { MediaEnv } from '../media.env.js';
import { BlobStore } from './blob-store.js';
import { FilesystemBlobStore } from './blob-store.filesystem.js';
import { GridFsBlobStore } from './blob-store.gridfs.js';
import { S3BlobStore } from './blob-store.s3.js';

/** The BlobStore adapter MEDIA_STORAGE names. */
export function blobStoreProvider(env: MediaEnv): Provider {
  switch (env.MEDIA_STORAGE) {
    case 'gridfs':
      if (!env.MONGODB_URI) throw new Error('MEDIA_STORAGE=gridfs needs MONGODB_URI (GridFS lives in the service\'s own database)');
      return { provide: BlobStore, useFactory: (connection: Connection) => new GridFsBlobStore(connection), inject: [getConnectionToken()] };
    case 's3':
      return {
        provide: BlobStore,
        useFactory: async () => {
          const store = new S3BlobStore({
            endpoint: env.S3_ENDPOINT,
            region: env.S3_REGION,
            bucket: env.S3_BUCKET,
            accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
            secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
            forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
          });
          await store.ensureBucket();
          return store;
        },
      };
    case 'filesystem':
      return { provide: BlobStore, useValue: new FilesystemBlobStore(join(env.DATA_DIR, 'media')) };
  }
}
