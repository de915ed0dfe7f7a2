import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
import type { MediaEnv } from '../media.env.js';
import { MongoUploadRepository } from '../uploads/upload.mongo-repository.js';
import { UploadRepository } from '../uploads/upload.repository.js';
import { SqliteUploadRepository } from '../uploads/upload.sqlite-repository.js';
import { MEDIA_MONGO_MODELS } from './media.mongo-schemas.js';
import { MEDIA_SQLITE_MIGRATIONS } from './media.sqlite-schema.js';
import { MEDIA_SQLITE } from './media-storage.tokens.js';

/** Binds the upload metadata to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Module({})
export class MediaStorageModule {
  static forRoot(env: MediaEnv): DynamicModule {
    return repositoryStorage(MediaStorageModule, env, {
      service: 'media',
      bindings: [{ port: UploadRepository, sqlite: SqliteUploadRepository, mongo: MongoUploadRepository }],
      sqlite: { token: MEDIA_SQLITE, migrations: MEDIA_SQLITE_MIGRATIONS },
      mongo: { models: MEDIA_MONGO_MODELS },
    });
  }
}
