import { type DynamicModule, Global, Module } from '@nestjs/common';
import { StorageHealth, mongoDbName, mongoStorageHealth, mongoStorageImports, sqliteFile, sqliteStorageProviders } from '#common';
import { MongoBlockRepository } from '../blocks/block.mongo-repository.js';
import { BlockRepository } from '../blocks/block.repository.js';
import { SqliteBlockRepository } from '../blocks/block.sqlite-repository.js';
import { MongoFriendshipRepository } from '../friends/friendship.mongo-repository.js';
import { FriendshipRepository } from '../friends/friendship.repository.js';
import { SqliteFriendshipRepository } from '../friends/friendship.sqlite-repository.js';
import { MongoProfileRepository } from '../profiles/profile.mongo-repository.js';
import { ProfileRepository } from '../profiles/profile.repository.js';
import { SqliteProfileRepository } from '../profiles/profile.sqlite-repository.js';
import type { UsersEnv } from '../users.env.js';
import { USERS_MONGO_MODELS } from './users.mongo-schemas.js';
import { USERS_SQLITE_MIGRATIONS } from './users.sqlite-schema.js';
import { USERS_SQLITE } from './users-storage.tokens.js';

const PORTS = [ProfileRepository, FriendshipRepository, BlockRepository, StorageHealth];

/** Binds the users repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Global()
@Module({})
export class UsersStorageModule {
  static forRoot(env: UsersEnv): DynamicModule {
    if (env.MONGODB_URI) {
      return {
        module: UsersStorageModule,
        imports: mongoStorageImports(env.MONGODB_URI, mongoDbName(env.MONGODB_DB_PREFIX, 'users'), USERS_MONGO_MODELS),
        providers: [
          { provide: ProfileRepository, useClass: MongoProfileRepository },
          { provide: FriendshipRepository, useClass: MongoFriendshipRepository },
          { provide: BlockRepository, useClass: MongoBlockRepository },
          mongoStorageHealth,
        ],
        exports: PORTS,
      };
    }
    return {
      module: UsersStorageModule,
      providers: [
        ...sqliteStorageProviders(USERS_SQLITE, sqliteFile(env.DATA_DIR, 'users'), USERS_SQLITE_MIGRATIONS),
        { provide: ProfileRepository, useClass: SqliteProfileRepository },
        { provide: FriendshipRepository, useClass: SqliteFriendshipRepository },
        { provide: BlockRepository, useClass: SqliteBlockRepository },
      ],
      exports: PORTS,
    };
  }
}
