import { Inject, Injectable } from '@nestjs/common';
import { DuplicateKeyError, type SqliteDatabase, sqliteUniqueViolation, prepared } from '#common';
import type { OutboxEvent } from '../outbox/outbox-event.js';
import { insertOutboxEvents } from '../outbox/outbox.sqlite-repository.js';
import { AUTH_SQLITE } from '../storage/auth-storage.tokens.js';
import { uniqueKey } from './account-keys.js';
import type { Account } from './account.entity.js';
import { ADMIN_ROLE, isEnabledAdmin, LastAdminError } from './last-admin.error.js';
import { type AccountChanges, type AccountEventsOf, type AccountListQuery, AccountRepository } from './account.repository.js';

interface AccountRow {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  roles: string;
  disabled: number;
  email_verified: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  email: row.email,
  passwordHash: row.password_hash,
  roles: JSON.parse(row.roles) as string[],
  disabled: row.disabled === 1,
  emailVerified: row.email_verified === 1,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : null,
});

function rethrowUnique(error: unknown): never {
  const columns = sqliteUniqueViolation(error);
  if (columns?.includes('username')) throw new DuplicateKeyError('username');
  if (columns?.includes('email')) throw new DuplicateKeyError('email');
  throw error;
}

@Injectable()
export class SqliteAccountRepository extends AccountRepository {
  constructor(@Inject(AUTH_SQLITE) private readonly db: SqliteDatabase) {
    super();
  }

  async create(account: Account, events: OutboxEvent[]): Promise<void> {
    const insert = prepared(this.db,
      `INSERT INTO accounts (id, username, username_key, email, email_key, password_hash, roles, disabled,
         email_verified, created_at, updated_at, last_login_at)
       VALUES (@id, @username, @usernameKey, @email, @emailKey, @passwordHash, @roles, @disabled,
         @emailVerified, @createdAt, @updatedAt, @lastLoginAt)`,
    );
    try {
      this.db.transaction(() => {
        insert.run({
          id: account.id,
          username: account.username,
          usernameKey: uniqueKey(account.username),
          email: account.email,
          emailKey: uniqueKey(account.email),
          passwordHash: account.passwordHash,
          roles: JSON.stringify(account.roles),
          disabled: account.disabled ? 1 : 0,
          emailVerified: account.emailVerified ? 1 : 0,
          createdAt: account.createdAt.toISOString(),
          updatedAt: account.updatedAt.toISOString(),
          lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
        });
        insertOutboxEvents(this.db, events);
      })();
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async findById(id: string): Promise<Account | null> {
    return this.findOne('id = ?', id);
  }

  async findByUsername(username: string): Promise<Account | null> {
    return this.findOne('username_key = ?', uniqueKey(username));
  }

  async findByEmail(email: string): Promise<Account | null> {
    return this.findOne('email_key = ?', uniqueKey(email));
  }

  async update(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null> {
    return this.write(id, changes, events, false);
  }

  async updateKeepingAnAdmin(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null> {
    return this.write(id, changes, events, true);
  }

  private write(id: string, changes: AccountChanges, events: AccountEventsOf | undefined, keepAnAdmin: boolean): Account | null {
    const sets: string[] = ['updated_at = @updatedAt'];
    const params: Record<string, unknown> = { id, updatedAt: new Date().toISOString() };
    if (changes.username !== undefined) {
      sets.push('username = @username', 'username_key = @usernameKey');
      Object.assign(params, { username: changes.username, usernameKey: uniqueKey(changes.username) });
    }
    if (changes.email !== undefined) {
      sets.push('email = @email', 'email_key = @emailKey');
      Object.assign(params, { email: changes.email, emailKey: uniqueKey(changes.email) });
    }
    if (changes.passwordHash !== undefined) {
      sets.push('password_hash = @passwordHash');
      params.passwordHash = changes.passwordHash;
    }
    if (changes.disabled !== undefined) {
      sets.push('disabled = @disabled');
      params.disabled = changes.disabled ? 1 : 0;
    }
    if (changes.roles !== undefined) {
      sets.push('roles = @roles');
      params.roles = JSON.stringify(changes.roles);
    }
    if (changes.emailVerified !== undefined) {
      sets.push('email_verified = @emailVerified');
      params.emailVerified = changes.emailVerified ? 1 : 0;
    }
    if (changes.lastLoginAt !== undefined) {
      sets.push('last_login_at = @lastLoginAt');
      params.lastLoginAt = changes.lastLoginAt?.toISOString() ?? null;
    }
    const statement = prepared(this.db, `UPDATE accounts SET ${sets.join(', ')} WHERE id = @id RETURNING *`);
    const transaction = this.db.transaction(() => {
      const before = keepAnAdmin ? this.findOne('id = ?', id) : null;
      const row = statement.get(params) as AccountRow | undefined;
      if (!row) return null;
      const updated = toAccount(row);
      // Counted inside the write transaction: no other connection (another auth replica) can change the admins
      // between this count and the commit, so two demotions of the last two admins cannot both pass.
      if (before && isEnabledAdmin(before) && !isEnabledAdmin(updated) && this.countEnabledAdmins() === 0) throw new LastAdminError();
      insertOutboxEvents(this.db, events?.(updated) ?? []);
      return updated;
    });
    try {
      // BEGIN IMMEDIATE takes the database's write lock before the first read (a deferred transaction would read a
      // snapshot another connection may commit over before this one writes).
      return keepAnAdmin ? transaction.immediate() : transaction();
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async list(query: AccountListQuery): Promise<Account[]> {
    const where = ['(username_key, id) > (@afterKey, @afterId)', String.raw`(username_key LIKE @like ESCAPE '\' OR email_key LIKE @like ESCAPE '\')`];
    const params: Record<string, unknown> = {
      afterKey: query.after?.key ?? '',
      afterId: query.after?.id ?? '',
      like: `${query.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      limit: query.limit,
    };
    if (query.disabled !== undefined) {
      where.push('disabled = @disabled');
      params.disabled = query.disabled ? 1 : 0;
    }
    if (query.role !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(accounts.roles) WHERE value = @role)');
      params.role = query.role;
    }
    const rows = prepared(this.db, `SELECT * FROM accounts WHERE ${where.join(' AND ')} ORDER BY username_key, id LIMIT @limit`)
      .all(params) as AccountRow[];
    return rows.map(toAccount);
  }


  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const result = prepared(this.db, 'UPDATE accounts SET email_verified = 1, updated_at = ? WHERE id = ? AND email_key = ?')
      .run(new Date().toISOString(), id, uniqueKey(email));
    return result.changes === 1;
  }

  private countEnabledAdmins(): number {
    const row = prepared(this.db, 'SELECT COUNT(*) AS n FROM accounts WHERE disabled = 0 AND EXISTS (SELECT 1 FROM json_each(accounts.roles) WHERE value = ?)').get(
      ADMIN_ROLE,
    ) as { n: number };
    return row.n;
  }

  private findOne(where: string, value: string): Account | null {
    const row = prepared(this.db, `SELECT * FROM accounts WHERE ${where}`).get(value) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }
}
