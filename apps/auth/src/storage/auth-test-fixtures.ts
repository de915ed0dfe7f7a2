import mongoose from 'mongoose';
import { MONGO_CONNECT_OPTIONS, openSqlite } from '#common';
import { type Fixture, makeTempDir } from '#common/testing';
import { MongoAccountRepository, type AccountDocument } from '../accounts/account.mongo-repository.js';
import { SqliteAccountRepository } from '../accounts/account.sqlite-repository.js';
import type { AccountRepository } from '../accounts/account.repository.js';
import { MongoOutboxRepository } from '../outbox/outbox.mongo-repository.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { SqliteOutboxRepository } from '../outbox/outbox.sqlite-repository.js';
import { MongoSessionRepository } from '../sessions/session.mongo-repository.js';
import type { SessionRepository } from '../sessions/session.repository.js';
import { SqliteSessionRepository } from '../sessions/session.sqlite-repository.js';
import { ACCOUNT_MODEL, AccountSchema, SESSION_MODEL, SessionSchema } from './auth.mongo-schemas.js';
import { AUTH_SQLITE_MIGRATIONS } from './auth.sqlite-schema.js';

export interface AuthRepos {
  accounts: AccountRepository;
  sessions: SessionRepository;
  outbox: OutboxRepository;
}

/** Adapter factories for the repository contract suites (fresh store per test). */
export const authRepositoryFactories = {
  async sqlite(): Promise<Fixture<AuthRepos>> {
    const dir = makeTempDir('auth-contract');
    const db = openSqlite(`${dir.path}/auth.sqlite`, AUTH_SQLITE_MIGRATIONS);
    return {
      repos: {
        accounts: new SqliteAccountRepository(db),
        sessions: new SqliteSessionRepository(db),
        outbox: new SqliteOutboxRepository(db),
      },
      close: async () => {
        db.close();
        dir.remove();
      },
    };
  },
  async mongo(uri: string, dbName: string): Promise<Fixture<AuthRepos>> {
    const conn = await mongoose.createConnection(uri, { ...MONGO_CONNECT_OPTIONS, dbName }).asPromise();
    const accountModel = conn.model<AccountDocument>(ACCOUNT_MODEL, AccountSchema);
    const sessionModel = conn.model(SESSION_MODEL, SessionSchema);
    await Promise.all([accountModel.syncIndexes(), sessionModel.syncIndexes()]);
    return {
      repos: {
        accounts: new MongoAccountRepository(accountModel),
        sessions: new MongoSessionRepository(sessionModel as never),
        outbox: new MongoOutboxRepository(accountModel),
      },
      close: async () => {
        await conn.dropDatabase();
        await conn.close();
      },
    };
  },
};
