import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { MongoBlockRepository } from '../blocks/block.mongo-repository.js';
import type { BlockRepository } from '../blocks/block.repository.js';
import { SqliteBlockRepository } from '../blocks/block.sqlite-repository.js';
import { MongoFriendshipRepository } from '../friends/friendship.mongo-repository.js';
import type { FriendshipRepository } from '../friends/friendship.repository.js';
import { SqliteFriendshipRepository } from '../friends/friendship.sqlite-repository.js';
import { MongoProfileRepository } from '../profiles/profile.mongo-repository.js';
import type { ProfileRepository } from '../profiles/profile.repository.js';
import { SqliteProfileRepository } from '../profiles/profile.sqlite-repository.js';
import { BLOCK_MODEL, FRIEND_REQUEST_MODEL, FRIENDSHIP_MODEL, PROFILE_MODEL, UNPUBLISHED_BLOCK_CHANGE_MODEL, USERS_MONGO_MODELS } from '../storage/users.mongo-schemas.js';
import { USERS_SQLITE_MIGRATIONS } from '../storage/users.sqlite-schema.js';

export interface UsersRepos {
  profiles: ProfileRepository;
  friendships: FriendshipRepository;
  blocks: BlockRepository;
}

/** Adapter factories for the repository contract suites and service tests (fresh store each time). */
export const usersRepositoryFactories = {
  sqlite: (): Promise<Fixture<UsersRepos>> =>
    sqliteFixture('users', USERS_SQLITE_MIGRATIONS, (db) => ({
      profiles: new SqliteProfileRepository(db),
      friendships: new SqliteFriendshipRepository(db),
      blocks: new SqliteBlockRepository(db),
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<UsersRepos>> =>
    mongoFixture(uri, dbName, USERS_MONGO_MODELS, (conn) => ({
      profiles: new MongoProfileRepository(conn.model(PROFILE_MODEL) as never),
      friendships: new MongoFriendshipRepository(conn.model(FRIEND_REQUEST_MODEL) as never, conn.model(FRIENDSHIP_MODEL) as never),
      blocks: new MongoBlockRepository(conn.model(BLOCK_MODEL) as never, conn.model(UNPUBLISHED_BLOCK_CHANGE_MODEL) as never),
    })),
};
