import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '#common';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import type { PinDocument } from '../storage/chat-mongo-documents.js';
import { PIN_MODEL } from '../storage/chat.mongo-schemas.js';
import { type PinChange, pinKey, type PinRecord } from './pin.entity.js';
import { PinRepository } from './pin.repository.js';

const toPin = (doc: PinDocument): PinRecord => ({
  messageId: doc._id,
  conversationId: doc.conversationId,
  pinnedBy: doc.pinnedBy,
  pinnedAt: doc.pinnedAt,
  seq: doc.seq,
});

/**
 * Pins on MongoDB: each change is a log event whose subject is the pin's key, built on the key's newest event
 * (two changes built on one state clash on the (subject, parent) index). The pins collection is derived by apply().
 */
@Injectable()
export class MongoPinRepository extends PinRepository {
  constructor(
    @InjectModel(PIN_MODEL) private readonly pins: Model<PinDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async pin(change: PinChange): Promise<ChatEventRecord | null> {
    return this.change(change, 'message.pinned');
  }

  async unpin(change: PinChange): Promise<ChatEventRecord | null> {
    return this.change(change, 'message.unpinned');
  }

  async forMessages(conversationId: string, messageIds: string[]): Promise<Map<string, PinRecord>> {
    if (messageIds.length === 0) return new Map();
    await this.log.settle({ conversationId });
    const docs = await this.pins.find({ _id: { $in: messageIds } }).lean<PinDocument[]>().exec();
    return new Map(docs.map((doc) => [doc._id, toPin(doc)]));
  }

  async list(conversationId: string, range: { beforeSeq?: number; limit: number }): Promise<PinRecord[]> {
    await this.log.settle({ conversationId });
    const filter = { conversationId, ...(range.beforeSeq !== undefined ? { seq: { $lt: range.beforeSeq } } : {}) };
    const docs = await this.pins.find(filter).sort({ seq: -1 }).limit(range.limit).lean<PinDocument[]>().exec();
    return docs.map(toPin);
  }

  private async change({ messageId, userId, at }: PinChange, type: 'message.pinned' | 'message.unpinned'): Promise<ChatEventRecord | null> {
    const liveMessage = async () => {
      const head = await this.log.head(messageId);
      if (!head?.message || head.type === 'message.deleted') throw DomainError.notFound('Message');
      return head;
    };
    const subject = pinKey(messageId);
    const { conversationId } = await liveMessage();
    return this.log.append(conversationId, async () => {
      const [head] = await Promise.all([this.log.head(subject), liveMessage()]);
      if ((head?.type === 'message.pinned') === (type === 'message.pinned')) return null;
      return { type, subject, parent: head?.seq ?? 0, userId, at, clientMsgId: null, message: null, role: null, promoteId: null, target: { messageId, emoji: null } };
    });
  }
}
