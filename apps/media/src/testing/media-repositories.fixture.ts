import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { BLOB_REF_MODEL, MEDIA_MONGO_MODELS, UPLOAD_MODEL } from '../storage/media.mongo-schemas.js';
import { MEDIA_SQLITE_MIGRATIONS } from '../storage/media.sqlite-schema.js';
import { MongoUploadRepository } from '../uploads/upload.mongo-repository.js';
import type { UploadRepository } from '../uploads/upload.repository.js';
import { SqliteUploadRepository } from '../uploads/upload.sqlite-repository.js';

export interface MediaRepos {
  uploads: UploadRepository;
}

/** Adapter factories for the repository contract suite (fresh store each time). */
export const mediaRepositoryFactories = {
  sqlite: (): Promise<Fixture<MediaRepos>> => sqliteFixture('media', MEDIA_SQLITE_MIGRATIONS, (db) => ({ uploads: new SqliteUploadRepository(db) })),
  mongo: (uri: string, dbName: string): Promise<Fixture<MediaRepos>> =>
    mongoFixture(uri, dbName, MEDIA_MONGO_MODELS, (conn) => ({
      uploads: new MongoUploadRepository(conn.model(UPLOAD_MODEL) as never, conn.model(BLOB_REF_MODEL) as never),
    })),
};
