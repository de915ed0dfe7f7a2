import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DuplicateKeyError, mongoUniqueViolation } from '#common';
import type { OutboxEvent } from '../outbox/outbox-event.js';
import { ACCOUNT_MODEL, ADMIN_GUARD_MODEL } from '../storage/auth.mongo-schemas.js';
import { uniqueKey } from './account-keys.js';
import type { Account } from './account.entity.js';
import { ADMIN_ROLE, isEnabledAdmin, LastAdminError } from './last-admin.error.js';
import { type AccountChanges, type AccountEventsOf, type AccountListQuery, AccountRepository } from './account.repository.js';

export interface AccountDocument extends Omit<Account, 'id'> {
  _id: string;
  usernameKey: string;
  emailKey: string;
  outbox: OutboxEvent[];
  /** Bumped by every update; absent on documents written before it existed. */
  revision?: number;
}

const toAccount = (doc: AccountDocument): Account => ({
  id: doc._id,
  username: doc.username,
  email: doc.email,
  passwordHash: doc.passwordHash,
  roles: [...doc.roles],
  disabled: doc.disabled,
  emailVerified: doc.emailVerified,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
  lastLoginAt: doc.lastLoginAt ?? null,
});

function rethrowUnique(error: unknown): never {
  const keys = mongoUniqueViolation(error);
  if (keys?.includes('usernameKey')) throw new DuplicateKeyError('username');
  if (keys?.includes('emailKey')) throw new DuplicateKeyError('email');
  throw error;
}

const PROJECTION = { outbox: 0 } as const;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MAX_UPDATE_ATTEMPTS = 10;

export interface AdminGuardDocument {
  _id: string;
  holder: string;
  until: Date;
}

const ADMIN_GUARD_ID = 'last-admin';
/** Long enough for a count and a write; a holder that died frees the guard when it runs out. */
const ADMIN_GUARD_LEASE_MS = 10_000;
/** A writer waits this long for the guard before giving up (then the request fails, and nothing changed). */
const ADMIN_GUARD_WAIT_MS = 5_000;

@Injectable()
export class MongoAccountRepository extends AccountRepository {
  constructor(
    @InjectModel(ACCOUNT_MODEL) private readonly accounts: Model<AccountDocument>,
    @InjectModel(ADMIN_GUARD_MODEL) private readonly guards: Model<AdminGuardDocument>,
  ) {
    super();
  }

  async create(account: Account, events: OutboxEvent[]): Promise<void> {
    const { id, ...rest } = account;
    try {
      await this.accounts.create({
        _id: id,
        ...rest,
        usernameKey: uniqueKey(account.username),
        emailKey: uniqueKey(account.email),
        outbox: events,
      });
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async findById(id: string): Promise<Account | null> {
    return this.findOne({ _id: id });
  }

  async findByUsername(username: string): Promise<Account | null> {
    return this.findOne({ usernameKey: uniqueKey(username) });
  }

  async findByEmail(email: string): Promise<Account | null> {
    return this.findOne({ emailKey: uniqueKey(email) });
  }

  async update(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null> {
    const set: Record<string, unknown> = { ...changes, updatedAt: new Date() };
    if (changes.username !== undefined) set.usernameKey = uniqueKey(changes.username);
    if (changes.email !== undefined) set.emailKey = uniqueKey(changes.email);
    // Compare-and-swap on `revision`: the events are built from exactly the state this write produces.
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.accounts.findById(id, PROJECTION).lean<AccountDocument>().exec();
      if (!current) return null;
      const updated: Account = { ...toAccount(current), ...changes, updatedAt: set.updatedAt as Date };
      const pending = events?.(updated) ?? [];
      try {
        const doc = await this.accounts
          .findOneAndUpdate(
            { _id: id, revision: current.revision ?? { $exists: false } },
            {
              $set: { ...set, revision: (current.revision ?? 0) + 1 },
              ...(pending.length > 0 ? { $push: { outbox: { $each: pending } } } : {}),
            },
            { returnDocument: 'after', projection: PROJECTION },
          )
          .lean<AccountDocument>()
          .exec();
        if (doc) return toAccount(doc);
      } catch (error) {
        rethrowUnique(error);
      }
    }
    throw new Error(`account ${id} kept changing concurrently; update abandoned`);
  }

  async list(query: AccountListQuery): Promise<Account[]> {
    const prefix = new RegExp(`^${escapeRegex(query.prefix)}`);
    const filter: Record<string, unknown> = { $or: [{ usernameKey: prefix }, { emailKey: prefix }] };
    if (query.disabled !== undefined) filter.disabled = query.disabled;
    if (query.role !== undefined) filter.roles = query.role;
    if (query.after) {
      filter.$and = [
        { $or: [{ usernameKey: { $gt: query.after.key } }, { usernameKey: query.after.key, _id: { $gt: query.after.id } }] },
      ];
    }
    const docs = await this.accounts.find(filter, PROJECTION).sort({ usernameKey: 1, _id: 1 }).limit(query.limit).lean<AccountDocument[]>().exec();
    return docs.map(toAccount);
  }

  async updateKeepingAnAdmin(id: string, changes: AccountChanges, events?: AccountEventsOf): Promise<Account | null> {
    const holder = await this.takeAdminGuard();
    try {
      const before = await this.findById(id);
      if (!before) return null;
      if (isEnabledAdmin(before) && !isEnabledAdmin({ ...before, ...changes })) {
        const others = await this.accounts.countDocuments({ roles: ADMIN_ROLE, disabled: false, _id: { $ne: id } }).exec();
        if (others === 0) throw new LastAdminError();
      }
      return await this.update(id, changes, events);
    } finally {
      await this.guards.updateOne({ _id: ADMIN_GUARD_ID, holder }, { $set: { until: new Date(0) } }).exec();
    }
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    // Bumps `revision` like every write, so a concurrent update() retries on the new state.
    const result = await this.accounts
      .updateOne({ _id: id, emailKey: uniqueKey(email) }, { $set: { emailVerified: true, updatedAt: new Date() }, $inc: { revision: 1 } })
      .exec();
    return result.matchedCount === 1;
  }

  /**
   * Takes the last-admin guard (a lease): the upsert matches only a free or expired guard; while another process
   * holds it, the upsert collides with the holder's document on _id and this one waits.
   */
  private async takeAdminGuard(): Promise<string> {
    const holder = randomUUID();
    const deadline = Date.now() + ADMIN_GUARD_WAIT_MS;
    for (;;) {
      const now = new Date();
      try {
        await this.guards
          .updateOne(
            { _id: ADMIN_GUARD_ID, until: { $lte: now } },
            { $set: { holder, until: new Date(now.getTime() + ADMIN_GUARD_LEASE_MS) } },
            { upsert: true },
          )
          .exec();
        return holder;
      } catch (error) {
        if (!mongoUniqueViolation(error)) throw error;
      }
      if (Date.now() > deadline) throw new Error('the last-admin guard stayed busy; nothing was changed');
      await sleep(10 + Math.random() * 40);
    }
  }

  private async findOne(filter: Record<string, string>): Promise<Account | null> {
    const doc = await this.accounts.findOne(filter, PROJECTION).lean<AccountDocument>().exec();
    return doc ? toAccount(doc) : null;
  }
}
