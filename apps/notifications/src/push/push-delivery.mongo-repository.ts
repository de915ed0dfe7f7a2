import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import { PUSH_DELIVERY_MODEL } from '../storage/notifications.mongo-schemas.js';
import { PushDeliveryRepository, type PushDeliveryState } from './push-delivery.repository.js';

interface PushDeliveryDocument {
  _id: string;
  state: PushDeliveryState;
  updatedAt: Date;
}

const keyOf = (messageId: string, subscriptionId: string) => `${messageId}:${subscriptionId}`;

@Injectable()
export class MongoPushDeliveryRepository extends PushDeliveryRepository {
  constructor(@InjectModel(PUSH_DELIVERY_MODEL) private readonly deliveries: Model<PushDeliveryDocument>) {
    super();
  }

  async claim(messageId: string, subscriptionId: string, at: Date): Promise<boolean> {
    try {
      await this.deliveries.create({ _id: keyOf(messageId, subscriptionId), state: 'sending', updatedAt: at });
      return true;
    } catch (error) {
      if (mongoUniqueViolation(error)) return false;
      throw error;
    }
  }

  async settle(messageId: string, subscriptionId: string, state: Exclude<PushDeliveryState, 'sending'>, at: Date): Promise<void> {
    await this.deliveries.updateOne({ _id: keyOf(messageId, subscriptionId) }, { $set: { state, updatedAt: at } }).exec();
  }

  async release(messageId: string, subscriptionId: string): Promise<void> {
    await this.deliveries.deleteOne({ _id: keyOf(messageId, subscriptionId), state: 'sending' }).exec();
  }

  async state(messageId: string, subscriptionId: string): Promise<PushDeliveryState | null> {
    const doc = await this.deliveries.findById(keyOf(messageId, subscriptionId)).lean<PushDeliveryDocument>().exec();
    return doc?.state ?? null;
  }

  async prune(before: Date): Promise<number> {
    return (await this.deliveries.deleteMany({ updatedAt: { $lt: before } }).exec()).deletedCount;
  }
}
