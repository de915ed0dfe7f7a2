import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { MentionDocument } from '../storage/chat-mongo-documents.js';
import { MENTION_MODEL } from '../storage/chat.mongo-schemas.js';
import type { MentionCursor, MentioningMessage, MentionRecord, ReadPositionRef } from './mention.entity.js';
import { MentionRepository } from './mention.repository.js';

const toMention = ({ _id: _key, ...mention }: MentionDocument): MentionRecord => mention;

/** Mentions on MongoDB: one document per (message, user), `_id` `<messageId>:<userId>` so a repeated write is one document. */
@Injectable()
export class MongoMentionRepository extends MentionRepository {
  constructor(@InjectModel(MENTION_MODEL) private readonly mentions: Model<MentionDocument>) {
    super();
  }

  async replace(m: MentioningMessage, userIds: string[]): Promise<void> {
    // Upserts first, then the removal of the users no longer mentioned: a reader never sees the message without its remaining mentions.
    if (userIds.length > 0) {
      await this.mentions.bulkWrite(
        userIds.map((userId) => ({
          updateOne: { filter: { _id: `${m.messageId}:${userId}` }, update: { $set: { ...m, userId } }, upsert: true },
        })),
        { ordered: false },
      );
    }
    await this.mentions.deleteMany({ messageId: m.messageId, userId: { $nin: userIds } }).exec();
  }

  async forMessages(messageIds: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    if (messageIds.length === 0) return found;
    const docs = await this.mentions.find({ messageId: { $in: messageIds } }).sort({ messageId: 1, userId: 1 }).lean<MentionDocument[]>().exec();
    for (const doc of docs) found.set(doc.messageId, [...(found.get(doc.messageId) ?? []), doc.userId]);
    return found;
  }

  async unreadCounts(userId: string, positions: ReadPositionRef[]): Promise<Map<string, number>> {
    const counts = await Promise.all(
      positions.map(async (p) => [p.conversationId, await this.mentions.countDocuments({ conversationId: p.conversationId, userId, seq: { $gt: p.lastReadSeq } }).exec()] as const),
    );
    return new Map(counts);
  }

  async listForUser(userId: string, range: { before?: MentionCursor; limit: number }): Promise<MentionRecord[]> {
    const before = range.before;
    const keyset = before
      ? { $or: [{ createdAt: { $lt: before.createdAt } }, { createdAt: before.createdAt, messageId: { $lt: before.messageId } }] }
      : {};
    const docs = await this.mentions
      .find({ userId, ...keyset })
      .sort({ createdAt: -1, messageId: -1 })
      .limit(range.limit)
      .lean<MentionDocument[]>()
      .exec();
    return docs.map(toMention);
  }
}
