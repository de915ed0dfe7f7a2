import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { MongoAccountRepository, type AccountDocument } from '../accounts/account.mongo-repository.js';
import { SqliteAccountRepository } from '../accounts/account.sqlite-repository.js';
import type { AccountRepository } from '../accounts/account.repository.js';
import { type EmailTokenDocument, MongoEmailTokenRepository } from '../email-tokens/email-token.mongo-repository.js';
import type { EmailTokenRepository } from '../email-tokens/email-token.repository.js';
import { SqliteEmailTokenRepository } from '../email-tokens/email-token.sqlite-repository.js';
import { MongoOutboxRepository } from '../outbox/outbox.mongo-repository.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { SqliteOutboxRepository } from '../outbox/outbox.sqlite-repository.js';
import { MongoSessionRepository } from '../sessions/session.mongo-repository.js';
import type { SessionRepository } from '../sessions/session.repository.js';
import { SqliteSessionRepository } from '../sessions/session.sqlite-repository.js';
import { MongoAuditRepository, type AuditDocument } from '../audit/audit.mongo-repository.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { SqliteAuditRepository } from '../audit/audit.sqlite-repository.js';
import { ACCOUNT_MODEL, AUDIT_MODEL, AUTH_MONGO_MODELS, EMAIL_TOKEN_MODEL, SESSION_MODEL } from '../storage/auth.mongo-schemas.js';
import { AUTH_SQLITE_MIGRATIONS } from '../storage/auth.sqlite-schema.js';

export interface AuthRepos {
  accounts: AccountRepository;
  sessions: SessionRepository;
  outbox: OutboxRepository;
  audit: AuditRepository;
  emailTokens: EmailTokenRepository;
}

/** Adapter factories for the repository contract suites (fresh store per test). */
export const authRepositoryFactories = {
  sqlite: (): Promise<Fixture<AuthRepos>> =>
    sqliteFixture('auth', AUTH_SQLITE_MIGRATIONS, (db) => ({
      accounts: new SqliteAccountRepository(db),
      sessions: new SqliteSessionRepository(db),
      outbox: new SqliteOutboxRepository(db),
      audit: new SqliteAuditRepository(db),
      emailTokens: new SqliteEmailTokenRepository(db),
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<AuthRepos>> =>
    mongoFixture(uri, dbName, AUTH_MONGO_MODELS, (conn) => {
      const accountModel = conn.model<AccountDocument>(ACCOUNT_MODEL);
      return {
        accounts: new MongoAccountRepository(accountModel),
        sessions: new MongoSessionRepository(conn.model(SESSION_MODEL) as never),
        outbox: new MongoOutboxRepository(accountModel),
        audit: new MongoAuditRepository(conn.model<AuditDocument>(AUDIT_MODEL)),
        emailTokens: new MongoEmailTokenRepository(conn.model<EmailTokenDocument>(EMAIL_TOKEN_MODEL)),
      };
    }),
};
