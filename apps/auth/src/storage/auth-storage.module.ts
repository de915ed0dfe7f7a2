import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
import { MongoAccountRepository } from '../accounts/account.mongo-repository.js';
import { AccountRepository } from '../accounts/account.repository.js';
import { SqliteAccountRepository } from '../accounts/account.sqlite-repository.js';
import type { AuthEnv } from '../auth.env.js';
import { MongoAuditRepository } from '../audit/audit.mongo-repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { SqliteAuditRepository } from '../audit/audit.sqlite-repository.js';
import { MongoEmailTokenRepository } from '../email-tokens/email-token.mongo-repository.js';
import { EmailTokenRepository } from '../email-tokens/email-token.repository.js';
import { SqliteEmailTokenRepository } from '../email-tokens/email-token.sqlite-repository.js';
import { MongoOutboxRepository } from '../outbox/outbox.mongo-repository.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { SqliteOutboxRepository } from '../outbox/outbox.sqlite-repository.js';
import { MongoSessionRepository } from '../sessions/session.mongo-repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { SqliteSessionRepository } from '../sessions/session.sqlite-repository.js';
import { AUTH_MONGO_MODELS } from './auth.mongo-schemas.js';
import { AUTH_SQLITE_MIGRATIONS } from './auth.sqlite-schema.js';
import { AUTH_SQLITE } from './auth-storage.tokens.js';

/** Binds the auth repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Module({})
export class AuthStorageModule {
  static forRoot(env: AuthEnv): DynamicModule {
    return repositoryStorage(AuthStorageModule, env, {
      service: 'auth',
      bindings: [
        { port: AccountRepository, sqlite: SqliteAccountRepository, mongo: MongoAccountRepository },
        { port: SessionRepository, sqlite: SqliteSessionRepository, mongo: MongoSessionRepository },
        { port: OutboxRepository, sqlite: SqliteOutboxRepository, mongo: MongoOutboxRepository },
        { port: AuditRepository, sqlite: SqliteAuditRepository, mongo: MongoAuditRepository },
        { port: EmailTokenRepository, sqlite: SqliteEmailTokenRepository, mongo: MongoEmailTokenRepository },
      ],
      sqlite: { token: AUTH_SQLITE, migrations: AUTH_SQLITE_MIGRATIONS },
      mongo: { models: AUTH_MONGO_MODELS },
    });
  }
}
