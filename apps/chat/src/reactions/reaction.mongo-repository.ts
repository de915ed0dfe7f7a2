import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '#common';
import { ErrorCode, REACTION_USERS_SHOWN, REACTIONS_PER_MESSAGE_MAX } from '#contracts';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import type { ReactionDocument } from '../storage/chat-mongo-documents.js';
import { REACTION_MODEL } from '../storage/chat.mongo-schemas.js';
import { type ReactionAggregate, type ReactionChange, type ReactionListQuery, reactionKey, type ReactionRecord } from './reaction.entity.js';
import { ReactionRepository } from './reaction.repository.js';

const toReaction = (doc: ReactionDocument): ReactionRecord => ({
  messageId: doc.messageId,
  emoji: doc.emoji,
  userId: doc.userId,
  seq: doc.seq,
  createdAt: doc.createdAt,
});

interface AggregateRow {
  _id: { messageId: string; emoji: string };
  count: number;
  first: number;
  userIds: string[];
}

/**
 * Reactions on MongoDB: each change is an event of the conversation log whose subject is the reaction's key, built
 * on the key's newest event, so of two toggles built on one state one wins and the other is decided again on top
 * of it. The reactions collection is derived from the log (MongoConversationLog.apply).
 */
@Injectable()
export class MongoReactionRepository extends ReactionRepository {
  constructor(
    @InjectModel(REACTION_MODEL) private readonly reactions: Model<ReactionDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async add(change: ReactionChange): Promise<ChatEventRecord | null> {
    return this.change(change, 'reaction.added');
  }

  async remove(change: ReactionChange): Promise<ChatEventRecord | null> {
    return this.change(change, 'reaction.removed');
  }

  async summaries(conversationId: string, messageIds: string[]): Promise<Map<string, ReactionAggregate[]>> {
    const result = new Map<string, ReactionAggregate[]>();
    if (messageIds.length === 0) return result;
    await this.log.settle({ conversationId });
    const rows = await this.reactions
      .aggregate<AggregateRow>([
        { $match: { messageId: { $in: messageIds } } },
        { $sort: { seq: -1 } },
        { $group: { _id: { messageId: '$messageId', emoji: '$emoji' }, count: { $sum: 1 }, first: { $min: '$seq' }, userIds: { $push: '$userId' } } },
        { $project: { count: 1, first: 1, userIds: { $slice: ['$userIds', REACTION_USERS_SHOWN] } } },
        { $sort: { first: 1 } },
      ])
      .exec();
    for (const row of rows) {
      const aggregate = { emoji: row._id.emoji, count: row.count, userIds: row.userIds };
      result.set(row._id.messageId, [...(result.get(row._id.messageId) ?? []), aggregate]);
    }
    return result;
  }

  async list(conversationId: string, messageId: string, query: ReactionListQuery): Promise<ReactionRecord[]> {
    await this.log.settle({ conversationId });
    const filter = {
      messageId,
      ...(query.emoji !== undefined ? { emoji: query.emoji } : {}),
      ...(query.beforeSeq !== undefined ? { seq: { $lt: query.beforeSeq } } : {}),
    };
    const docs = await this.reactions.find(filter).sort({ seq: -1 }).limit(query.limit).lean<ReactionDocument[]>().exec();
    return docs.map(toReaction);
  }

  private async change({ messageId, emoji, userId, at }: ReactionChange, type: 'reaction.added' | 'reaction.removed'): Promise<ChatEventRecord | null> {
    const liveMessage = async () => {
      const head = await this.log.head(messageId);
      if (!head?.message || head.type === 'message.deleted') throw DomainError.notFound('Message');
      return head;
    };
    const subject = reactionKey(messageId, emoji, userId);
    const { conversationId } = await liveMessage();
    return this.log.append(conversationId, async () => {
      const [head] = await Promise.all([this.log.head(subject), liveMessage()]);
      const present = head?.type === 'reaction.added';
      if (present === (type === 'reaction.added')) return null;
      if (type === 'reaction.added') {
        // Decided on the derived state: writers in other processes adding new emoji at the same moment may pass it together.
        const others = (await this.reactions.distinct('emoji', { messageId })).filter((e) => e !== emoji);
        if (others.length >= REACTIONS_PER_MESSAGE_MAX) throw new DomainError(ErrorCode.CONFLICT, `A message takes at most ${REACTIONS_PER_MESSAGE_MAX} distinct emoji`);
      }
      return { type, subject, parent: head?.seq ?? 0, userId, at, clientMsgId: null, message: null, role: null, promoteId: null, target: { messageId, emoji } };
    });
  }
}
