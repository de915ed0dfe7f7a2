import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { AccountDocument } from '../accounts/account.mongo-repository.js';
import { ACCOUNT_MODEL } from '../storage/auth.mongo-schemas.js';
import type { OutboxEvent } from './outbox-event.js';
import { OutboxRepository } from './outbox.repository.js';

/** Pending events live inside the account documents that produced them (see AccountSchema). */
@Injectable()
export class MongoOutboxRepository extends OutboxRepository {
  constructor(@InjectModel(ACCOUNT_MODEL) private readonly accounts: Model<AccountDocument>) {
    super();
  }

  async pending(limit: number): Promise<OutboxEvent[]> {
    const docs = await this.accounts
      .find({ 'outbox.0': { $exists: true } }, { outbox: 1 })
      .sort({ 'outbox.createdAt': 1 })
      .limit(limit)
      .lean<Pick<AccountDocument, 'outbox'>[]>()
      .exec();
    return docs
      .flatMap((doc) => doc.outbox)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async markPublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.accounts.updateMany({ 'outbox.id': { $in: ids } }, { $pull: { outbox: { id: { $in: ids } } } }).exec();
  }
}
