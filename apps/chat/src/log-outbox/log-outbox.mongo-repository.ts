import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import { EVENT_MODEL, type EventDocument } from '../conversation-log/conversation-log.mongo-schema.js';
import { type LogOutboxEntry, LogOutboxRepository } from './log-outbox.repository.js';

type RelayedDocument = Pick<EventDocument, 'conversationId' | 'seq' | 'userId' | 'at' | 'message'> & { _id: Types.ObjectId };

/**
 * On MongoDB the outbox is a mark on the event itself (`relay: true`, set by the insert that commits the event),
 * read through a partial index that holds only the unpublished few. Order: by _id, i.e. roughly insertion order
 * (replicas' clocks may differ slightly; consumers do not depend on the order).
 */
@Injectable()
export class MongoLogOutboxRepository extends LogOutboxRepository {
  constructor(@InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>) {
    super();
  }

  async pending(limit: number): Promise<LogOutboxEntry[]> {
    const docs = await this.events
      .find({ relay: true }, { conversationId: 1, seq: 1, userId: 1, at: 1, message: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<RelayedDocument[]>()
      .exec();
    return docs.map((doc) => ({
      key: doc._id.toHexString(),
      conversationId: doc.conversationId,
      seq: doc.seq,
      messageId: doc.message?.id ?? '',
      senderId: doc.userId,
      at: doc.at,
    }));
  }

  async markPublished(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.events.updateMany({ _id: { $in: keys.map((key) => new Types.ObjectId(key)) } }, { $unset: { relay: 1 } }).exec();
  }
}
