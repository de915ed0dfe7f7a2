import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { StorageHealth, mongoDbName, mongoStorageHealth, mongoStorageImports, sqliteFile, sqliteStorageProviders } from '#common';
import { MongoAccountRepository } from '../accounts/account.mongo-repository.js';
import { AccountRepository } from '../accounts/account.repository.js';
import { SqliteAccountRepository } from '../accounts/account.sqlite-repository.js';
import type { AuthEnv } from '../auth.env.js';
import { MongoOutboxRepository } from '../outbox/outbox.mongo-repository.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { SqliteOutboxRepository } from '../outbox/outbox.sqlite-repository.js';
import { MongoSessionRepository } from '../sessions/session.mongo-repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { SqliteSessionRepository } from '../sessions/session.sqlite-repository.js';
import { ACCOUNT_MODEL, AccountSchema, SESSION_MODEL, SessionSchema } from './auth.mongo-schemas.js';
import { AUTH_SQLITE_MIGRATIONS } from './auth.sqlite-schema.js';
import { AUTH_SQLITE } from './auth-storage.tokens.js';

const PORTS = [AccountRepository, SessionRepository, OutboxRepository, StorageHealth];

/** Binds the auth repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Global()
@Module({})
export class AuthStorageModule {
  static forRoot(env: AuthEnv): DynamicModule {
    if (env.MONGODB_URI) {
      const providers: Provider[] = [
        { provide: AccountRepository, useClass: MongoAccountRepository },
        { provide: SessionRepository, useClass: MongoSessionRepository },
        { provide: OutboxRepository, useClass: MongoOutboxRepository },
        mongoStorageHealth,
      ];
      return {
        module: AuthStorageModule,
        imports: mongoStorageImports(env.MONGODB_URI, mongoDbName(env.MONGODB_DB_PREFIX, 'auth'), [
          { name: ACCOUNT_MODEL, schema: AccountSchema },
          { name: SESSION_MODEL, schema: SessionSchema },
        ]),
        providers,
        exports: PORTS,
      };
    }
    return {
      module: AuthStorageModule,
      providers: [
        ...sqliteStorageProviders(AUTH_SQLITE, sqliteFile(env.DATA_DIR, 'auth'), AUTH_SQLITE_MIGRATIONS),
        { provide: AccountRepository, useClass: SqliteAccountRepository },
        { provide: SessionRepository, useClass: SqliteSessionRepository },
        { provide: OutboxRepository, useClass: SqliteOutboxRepository },
      ],
      exports: PORTS,
    };
  }
}
