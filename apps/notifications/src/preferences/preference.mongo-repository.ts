import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { NotificationPreferences } from '#contracts';
import { PREFERENCE_MODEL } from '../storage/notifications.mongo-schemas.js';
import { PreferenceRepository } from './preference.repository.js';

type PreferenceDocument = NotificationPreferences & { _id: string; updatedAt: Date };

@Injectable()
export class MongoPreferenceRepository extends PreferenceRepository {
  constructor(@InjectModel(PREFERENCE_MODEL) private readonly preferences: Model<PreferenceDocument>) {
    super();
  }

  async get(userId: string): Promise<NotificationPreferences | null> {
    const doc = await this.preferences.findById(userId).lean<PreferenceDocument>().exec();
    return doc ? { push: doc.push, email: doc.email } : null;
  }

  async put(userId: string, { push, email }: NotificationPreferences, at: Date): Promise<void> {
    await this.preferences.updateOne({ _id: userId }, { $set: { push, email, updatedAt: at } }, { upsert: true }).exec();
  }

  async pushDisabled(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const docs = await this.preferences.find({ _id: { $in: userIds }, push: false }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    return new Set(docs.map((doc) => doc._id));
  }
}
