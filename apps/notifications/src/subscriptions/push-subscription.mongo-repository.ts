import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import { PUSH_SUBSCRIPTION_MODEL } from '../storage/notifications.mongo-schemas.js';
import type { PushSubscriptionRecord } from './push-subscription.entity.js';
import { PushSubscriptionRepository } from './push-subscription.repository.js';

type SubscriptionDocument = Omit<PushSubscriptionRecord, 'id'> & { _id: string };

const toRecord = ({ _id, ...doc }: SubscriptionDocument): PushSubscriptionRecord => ({ id: _id, ...doc });

@Injectable()
export class MongoPushSubscriptionRepository extends PushSubscriptionRepository {
  constructor(@InjectModel(PUSH_SUBSCRIPTION_MODEL) private readonly subscriptions: Model<SubscriptionDocument>) {
    super();
  }

  async save(s: PushSubscriptionRecord, keep: number): Promise<string> {
    const update = { $set: { userId: s.userId, p256dh: s.p256dh, auth: s.auth, userAgent: s.userAgent }, $setOnInsert: { _id: s.id, createdAt: s.createdAt, lastSuccessAt: null } };
    let doc: SubscriptionDocument | null;
    try {
      doc = await this.subscriptions.findOneAndUpdate({ endpoint: s.endpoint }, update, { upsert: true, returnDocument: 'after' }).lean<SubscriptionDocument>().exec();
    } catch (error) {
      // Two saves of a new endpoint at once: the loser updates the winner's document.
      if (!mongoUniqueViolation(error)) throw error;
      doc = await this.subscriptions.findOneAndUpdate({ endpoint: s.endpoint }, { $set: update.$set }, { returnDocument: 'after' }).lean<SubscriptionDocument>().exec();
    }
    const kept = await this.subscriptions.find({ userId: s.userId }, { _id: 1 }).sort({ createdAt: -1, _id: -1 }).limit(keep).lean<{ _id: string }[]>().exec();
    await this.subscriptions.deleteMany({ userId: s.userId, _id: { $nin: kept.map((k) => k._id) } }).exec();
    return doc?._id ?? s.id;
  }

  async listByUser(userId: string): Promise<PushSubscriptionRecord[]> {
    const docs = await this.subscriptions.find({ userId }).sort({ createdAt: -1, _id: -1 }).lean<SubscriptionDocument[]>().exec();
    return docs.map(toRecord);
  }

  async listByUsers(userIds: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (userIds.length === 0) return [];
    const docs = await this.subscriptions.find({ userId: { $in: [...userIds] } }).lean<SubscriptionDocument[]>().exec();
    return docs.map(toRecord);
  }

  async remove(id: string, userId: string | null): Promise<boolean> {
    const filter = userId === null ? { _id: id } : { _id: id, userId };
    return (await this.subscriptions.deleteOne(filter).exec()).deletedCount > 0;
  }

  async markSuccess(id: string, at: Date): Promise<void> {
    await this.subscriptions.updateOne({ _id: id }, { $set: { lastSuccessAt: at } }).exec();
  }
}
