import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { MessageRecord } from '../messages/message.entity.js';
import { type MemberDocument, type MessageDocument, toMessageRecord } from '../storage/chat-mongo-documents.js';
import { MEMBER_MODEL, MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import { MessageSearchRepository, type SearchFilter } from './message-search.repository.js';

@Injectable()
export class MongoMessageSearchRepository extends MessageSearchRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    @InjectModel(MEMBER_MODEL) private readonly members: Model<MemberDocument>,
  ) {
    super();
  }

  async search(filter: SearchFilter): Promise<MessageRecord[]> {
    if (filter.words.length === 0) return [];
    const memberships = await this.members.find({ userId: filter.userId }, { conversationId: 1 }).lean<Pick<MemberDocument, 'conversationId'>[]>().exec();
    const mine = memberships.map((m) => m.conversationId);
    const inScope = filter.conversationId === null ? mine : mine.filter((id) => id === filter.conversationId);
    if (inScope.length === 0) return [];
    // Every word as a quoted phrase: $text ANDs phrases (bare words would be ORed).
    const $search = filter.words.map((word) => `"${word.replaceAll('"', '')}"`).join(' ');
    const docs = await this.messages
      .find({
        $text: { $search },
        conversationId: { $in: inScope },
        deletedAt: null,
        ...(filter.beforeId !== null ? { _id: { $lt: filter.beforeId } } : {}),
      }, { pending: 0 })
      .sort({ _id: -1 })
      .limit(filter.limit)
      .lean<MessageDocument[]>()
      .exec();
    return docs.map(toMessageRecord);
  }
}
