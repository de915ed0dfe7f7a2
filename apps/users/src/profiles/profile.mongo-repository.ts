import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { OnlineStatus } from '#contracts';
import { mongoUniqueViolation } from '#common';
import { PROFILE_MODEL } from '../storage/users.mongo-schemas.js';
import { type AccountSnapshot, type Profile, type ProfileChanges, type ProfileSearch, prefixEnd, searchKey } from './profile.entity.js';
import { ProfileRepository } from './profile.repository.js';

export interface ProfileDocument extends Omit<Profile, 'id'> {
  _id: string;
  usernameKey: string;
  displayNameKey: string | null;
}

const toProfile = ({ _id, usernameKey: _u, displayNameKey: _d, ...rest }: ProfileDocument): Profile => ({
  id: _id,
  ...rest,
  displayName: rest.displayName ?? null,
  avatarUrl: rest.avatarUrl ?? null,
  lastSeenAt: rest.lastSeenAt ?? null,
});

@Injectable()
export class MongoProfileRepository extends ProfileRepository {
  constructor(@InjectModel(PROFILE_MODEL) private readonly profiles: Model<ProfileDocument>) {
    super();
  }

  async applyAccount(account: AccountSnapshot, at: Date): Promise<boolean> {
    const fields = {
      username: account.username,
      usernameKey: searchKey(account.username),
      email: account.email,
      disabled: account.disabled,
      accountVersion: account.version,
      updatedAt: at,
    };
    try {
      // Matches only an older version; when a newer one is stored the upsert's insert hits the _id index.
      const result = await this.profiles
        .updateOne(
          { _id: account.id, accountVersion: { $lt: account.version } },
          {
            $set: fields,
            $setOnInsert: {
              createdAt: account.createdAt,
              displayName: null,
              displayNameKey: null,
              bio: '',
              avatarUrl: null,
              onlineStatus: 'offline',
              lastSeenAt: null,
            },
          },
          { upsert: true },
        )
        .exec();
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!mongoUniqueViolation(error)) throw error;
      // The insert lost: either the stored version is not older (nothing to do, as on sqlite), or a
      // concurrent first write of this profile (a seed racing an event) got in first and may be older.
      const retry = await this.profiles.updateOne({ _id: account.id, accountVersion: { $lt: account.version } }, { $set: fields }).exec();
      return retry.modifiedCount > 0;
    }
  }

  async findById(id: string): Promise<Profile | null> {
    const doc = await this.profiles.findById(id).lean<ProfileDocument>().exec();
    return doc ? toProfile(doc) : null;
  }

  async findByIds(ids: string[]): Promise<Profile[]> {
    if (ids.length === 0) return [];
    const docs = await this.profiles.find({ _id: { $in: ids } }).lean<ProfileDocument[]>().exec();
    return docs.map(toProfile);
  }

  async updateFields(id: string, changes: ProfileChanges, at: Date): Promise<Profile | null> {
    const set: Record<string, unknown> = { ...changes, updatedAt: at };
    if (changes.displayName !== undefined) {
      set.displayNameKey = changes.displayName === null ? null : searchKey(changes.displayName);
    }
    const doc = await this.profiles
      .findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
      .lean<ProfileDocument>()
      .exec();
    return doc ? toProfile(doc) : null;
  }

  async search({ prefix, after, limit, excludeIds }: ProfileSearch): Promise<Profile[]> {
    const range = { $gte: prefix, $lt: prefixEnd(prefix) };
    const keyset = after ? { $or: [{ usernameKey: { $gt: after.key } }, { usernameKey: after.key, _id: { $gt: after.id } }] } : {};
    const page = (byField: 'usernameKey' | 'displayNameKey') =>
      this.profiles
        .find({ disabled: false, _id: { $nin: excludeIds }, [byField]: range, ...keyset })
        .sort({ usernameKey: 1, _id: 1 })
        .limit(limit)
        .lean<ProfileDocument[]>()
        .exec();
    // As on sqlite: one bounded query per index, merged. With an empty prefix everyone matches by username,
    // so the (usernameKey, _id) index alone serves the range, the sort and the keyset.
    const [byUsername, byDisplayName] = await Promise.all([page('usernameKey'), prefix === '' ? [] : page('displayNameKey')]);
    const merged = new Map<string, ProfileDocument>();
    for (const doc of [...byUsername, ...byDisplayName]) merged.set(doc._id, doc);
    return [...merged.values()]
      .sort((a, b) => (a.usernameKey < b.usernameKey ? -1 : a.usernameKey > b.usernameKey ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .slice(0, limit)
      .map(toProfile);
  }

  async setPresence(id: string, status: OnlineStatus, at: Date): Promise<Profile | null> {
    const doc = await this.profiles
      .findOneAndUpdate({ _id: id, onlineStatus: { $ne: status } }, { $set: { onlineStatus: status, lastSeenAt: at } }, { returnDocument: 'after' })
      .lean<ProfileDocument>()
      .exec();
    return doc ? toProfile(doc) : null;
  }

  async listOnlineIds(): Promise<string[]> {
    const docs = await this.profiles.find({ onlineStatus: 'online' }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    return docs.map((doc) => doc._id);
  }
}
