import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
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

/** Binds the users repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Module({})
export class UsersStorageModule {
  static forRoot(env: UsersEnv): DynamicModule {
    return repositoryStorage(UsersStorageModule, env, {
      service: 'users',
      bindings: [
        { port: ProfileRepository, sqlite: SqliteProfileRepository, mongo: MongoProfileRepository },
        { port: FriendshipRepository, sqlite: SqliteFriendshipRepository, mongo: MongoFriendshipRepository },
        { port: BlockRepository, sqlite: SqliteBlockRepository, mongo: MongoBlockRepository },
      ],
      sqlite: { token: USERS_SQLITE, migrations: USERS_SQLITE_MIGRATIONS },
      mongo: { models: USERS_MONGO_MODELS },
    });
  }
}
