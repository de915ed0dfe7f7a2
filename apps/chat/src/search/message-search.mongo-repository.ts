import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import type { MessageRecord } from '../messages/message.entity.js';
import { type MemberDocument, type MessageDocument, toMessageRecord } from '../storage/chat-mongo-documents.js';
import { MEMBER_MODEL, MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import { MessageSearchRepository, type SearchFilter } from './message-search.repository.js';
import { searchToken } from './search-tokens.js';

@Injectable()
export class MongoMessageSearchRepository extends MessageSearchRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    @InjectModel(MEMBER_MODEL) private readonly members: Model<MemberDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async search(filter: SearchFilter): Promise<MessageRecord[]> {
    if (filter.words.length === 0) return [];
    await this.log.settle({ userId: filter.userId });
    const memberships = await this.members.find({ userId: filter.userId }, { conversationId: 1 }).lean<Pick<MemberDocument, 'conversationId'>[]>().exec();
    const mine = memberships.map((m) => m.conversationId);
    const inScope = filter.conversationId === null ? mine : mine.filter((id) => id === filter.conversationId);
    if (inScope.length === 0) return [];
    await this.log.settle({ conversationId: { $in: inScope } });
    // Whole tokens, every word: `words` holds each message's tokens (not $text, whose phrases match inside words).
    const docs = await this.messages
      .find({
        words: { $all: filter.words.map(searchToken) },
        conversationId: { $in: inScope },
        deletedAt: null,
        ...(filter.beforeId !== null ? { _id: { $lt: filter.beforeId } } : {}),
      })
      .sort({ _id: -1 })
      .limit(filter.limit)
      .lean<MessageDocument[]>()
      .exec();
    return docs.map(toMessageRecord);
  }
}
