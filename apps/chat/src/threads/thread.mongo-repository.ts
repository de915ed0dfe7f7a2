import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import type { MessageRecord, SeqRange } from '../messages/message.entity.js';
import { type MessageDocument, toMessageRecord } from '../storage/chat-mongo-documents.js';
import { MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import type { ThreadSummaryRecord } from './thread.entity.js';
import { ThreadRepository } from './thread.repository.js';

interface ReplierGroup {
  _id: { threadId: string; senderId: string };
  n: number;
  lastAt: Date;
  firstSeq: number;
}

/** Threads on MongoDB: the message documents (derived from the log) on the partial index { threadId, seq }. */
@Injectable()
export class MongoThreadRepository extends ThreadRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async summaries(conversationId: string, rootIds: string[]): Promise<Map<string, ThreadSummaryRecord>> {
    const found = new Map<string, ThreadSummaryRecord>();
    if (rootIds.length === 0) return found;
    await this.log.settle({ conversationId });
    const groups = await this.messages
      .aggregate<ReplierGroup>([
        { $match: { threadId: { $in: rootIds }, deletedAt: null } },
        { $group: { _id: { threadId: '$threadId', senderId: '$senderId' }, n: { $sum: 1 }, lastAt: { $max: '$createdAt' }, firstSeq: { $min: '$seq' } } },
        { $sort: { '_id.threadId': 1, firstSeq: 1 } },
      ])
      .exec();
    for (const g of groups) {
      const summary = found.get(g._id.threadId) ?? { replyCount: 0, lastReplyAt: new Date(0), replierIds: [] };
      found.set(g._id.threadId, {
        replyCount: summary.replyCount + g.n,
        lastReplyAt: g.lastAt > summary.lastReplyAt ? g.lastAt : summary.lastReplyAt,
        replierIds: [...summary.replierIds, g._id.senderId],
      });
    }
    return found;
  }

  async replies(conversationId: string, rootId: string, range: SeqRange): Promise<MessageRecord[]> {
    await this.log.settle({ conversationId });
    const seq = { $gt: range.after ?? 0, ...(range.before !== undefined ? { $lt: range.before } : {}) };
    const docs = await this.messages
      .find({ threadId: rootId, seq })
      .sort({ seq: range.after === undefined ? -1 : 1 })
      .limit(range.limit)
      .lean<MessageDocument[]>()
      .exec();
    return docs.map(toMessageRecord);
  }
}
