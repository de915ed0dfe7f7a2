import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ANNOUNCEMENT_READ_MODEL } from '../moderation/moderation.mongo-schemas.js';
import { AnnouncementReadRepository } from './announcement-read.repository.js';

export interface AnnouncementReadDocument {
  _id: string;
  lastReadSeq: number;
}

@Injectable()
export class MongoAnnouncementReadRepository extends AnnouncementReadRepository {
  constructor(@InjectModel(ANNOUNCEMENT_READ_MODEL) private readonly reads: Model<AnnouncementReadDocument>) {
    super();
  }

  async lastRead(userId: string): Promise<number> {
    const doc = await this.reads.findById(userId).lean<AnnouncementReadDocument>().exec();
    return doc?.lastReadSeq ?? 0;
  }

  async markRead(userId: string, seq: number): Promise<{ lastReadSeq: number; moved: boolean }> {
    // $max only ever raises the position; an upsert creates the row on the first read.
    const result = await this.reads.updateOne({ _id: userId }, { $max: { lastReadSeq: seq } }, { upsert: true }).exec();
    const moved = seq > 0 && (result.modifiedCount === 1 || result.upsertedCount === 1);
    return { lastReadSeq: await this.lastRead(userId), moved };
  }
}
