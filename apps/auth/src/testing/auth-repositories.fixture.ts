import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { type AccountDocument, type AdminGuardDocument, MongoAccountRepository } from '../accounts/account.mongo-repository.js';
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
import { ACCOUNT_MODEL, ADMIN_GUARD_MODEL, AUDIT_MODEL, AUTH_MONGO_MODELS, EMAIL_TOKEN_MODEL, SESSION_MODEL } from '../storage/auth.mongo-schemas.js';
import { AUTH_SQLITE_MIGRATIONS } from '../storage/auth.sqlite-schema.js';

export interface AuthRepos {
  accounts: AccountRepository;
  sessions: SessionRepository;
  outbox: OutboxRepository;
  audit: AuditRepository;
  emailTokens: EmailTokenRepository;
  /** The same store through another connection: a second auth replica. */
  otherReplica: { accounts: AccountRepository };
}

/** Adapter factories for the repository contract suites (fresh store per test). */
export const authRepositoryFactories = {
  sqlite: (): Promise<Fixture<AuthRepos>> =>
    sqliteFixture('auth', AUTH_SQLITE_MIGRATIONS, (db, another) => ({
      accounts: new SqliteAccountRepository(db),
      sessions: new SqliteSessionRepository(db),
      outbox: new SqliteOutboxRepository(db),
      audit: new SqliteAuditRepository(db),
      emailTokens: new SqliteEmailTokenRepository(db),
      otherReplica: { accounts: new SqliteAccountRepository(another()) },
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<AuthRepos>> =>
    mongoFixture(uri, dbName, AUTH_MONGO_MODELS, (conn, another) => {
      const other = another();
      const accountModel = conn.model<AccountDocument>(ACCOUNT_MODEL);
      return {
        accounts: new MongoAccountRepository(accountModel, conn.model<AdminGuardDocument>(ADMIN_GUARD_MODEL)),
        sessions: new MongoSessionRepository(conn.model(SESSION_MODEL) as never),
        outbox: new MongoOutboxRepository(accountModel),
        audit: new MongoAuditRepository(conn.model<AuditDocument>(AUDIT_MODEL)),
        emailTokens: new MongoEmailTokenRepository(conn.model<EmailTokenDocument>(EMAIL_TOKEN_MODEL)),
        otherReplica: { accounts: new MongoAccountRepository(other.model<AccountDocument>(ACCOUNT_MODEL), other.model<AdminGuardDocument>(ADMIN_GUARD_MODEL)) },
      };
    }),
};
