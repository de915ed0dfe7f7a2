import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ErrorCode } from '#contracts';
import { DomainError, mongoUniqueViolation } from '#common';
import { type MessageDocument, toMessageRecord } from '../storage/chat-mongo-documents.js';
import { MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import { MongoEventLog } from '../storage/mongo-event-log.js';
import type { AppendResult, ChangeResult, ChatEventRecord, MessageRecord, NewMessage, SeqRange } from './message.entity.js';
import { MessageRepository } from './message.repository.js';

/**
 * Tries of one edit/delete (see change()). Each lost try means another change of the same message succeeded,
 * so this bounds the concurrent changes of one message we sort out; only its sender and room admins make any.
 */
const CHANGE_ATTEMPTS = 10;

@Injectable()
export class MongoMessageRepository extends MessageRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    private readonly log: MongoEventLog,
  ) {
    super();
  }

  async append(draft: NewMessage): Promise<AppendResult> {
    const original = await this.original(draft);
    if (original) return { message: original, duplicate: true, event: null };
    const seq = await this.log.nextSeq(draft.conversationId, draft.createdAt);
    const message: MessageRecord = { ...draft, seq, editedAt: null, deletedAt: null };
    try {
      const { id, ...rest } = message;
      await this.messages.create({ _id: id, ...rest, pending: null });
    } catch (error) {
      if (!mongoUniqueViolation(error)?.includes('clientMsgId')) throw error;
      // A concurrent retry stored it first: give the number back and answer with the original.
      await this.log.abandon(draft.conversationId, seq, draft.createdAt);
      const winner = await this.original(draft);
      if (!winner) throw error;
      return { message: winner, duplicate: true, event: null };
    }
    const event = await this.log.record({ conversationId: draft.conversationId, seq, type: 'message.created', userId: draft.senderId, at: draft.createdAt, message });
    return { message, duplicate: false, event };
  }

  async findById(id: string): Promise<MessageRecord | null> {
    const doc = await this.messages.findById(id).lean<MessageDocument>().exec();
    return doc ? toMessageRecord(doc) : null;
  }

  async findByClientMsgId(senderId: string, clientMsgId: string): Promise<MessageRecord | null> {
    const doc = await this.messages.findOne({ senderId, clientMsgId }, { pending: 0 }).lean<MessageDocument>().exec();
    return doc ? toMessageRecord(doc) : null;
  }

  async edit(id: string, content: string, by: string, at: Date): Promise<ChangeResult | null> {
    return this.change(id, 'message.edited', by, at, { content, editedAt: at });
  }

  async delete(id: string, by: string, at: Date): Promise<ChangeResult | null> {
    const result = await this.change(id, 'message.deleted', by, at, { content: '', deletedAt: at });
    // The sync log must not keep serving what the sender deleted.
    if (result) await this.log.redact(id);
    return result;
  }

  async history(conversationId: string, range: SeqRange): Promise<MessageRecord[]> {
    const seq = { $gt: range.after ?? 0, ...(range.before !== undefined ? { $lt: range.before } : {}) };
    const docs = await this.messages
      .find({ conversationId, seq }, { pending: 0 })
      .sort({ seq: range.after === undefined ? -1 : 1 })
      .limit(range.limit)
      .lean<MessageDocument[]>()
      .exec();
    return docs.map(toMessageRecord);
  }

  async events(conversationId: string, after: number, limit: number): Promise<ChatEventRecord[]> {
    return this.log.read(conversationId, after, limit);
  }

  /**
   * Claim, then one single-document update that records the change and its event (`pending`), then the event.
   * The update applies only on top of changes with smaller seqs: two changes of one message can claim 5 and 6
   * and reach the document in the other order, and then the stored message would disagree with what
   * replaying the log gives (a delete at 5 applied after an edit at 6: clients replaying the log would show
   * the edited text of a deleted message). The loser gives its number back
   * as a noop and tries again with a fresh, larger seq, so it lands after the winner.
   */
  private async change(
    id: string,
    type: 'message.edited' | 'message.deleted',
    by: string,
    at: Date,
    set: Partial<MessageDocument>,
  ): Promise<ChangeResult | null> {
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const current = await this.messages.findById(id, { conversationId: 1, deletedAt: 1 }).lean<Pick<MessageDocument, 'conversationId' | 'deletedAt'>>().exec();
      if (!current || current.deletedAt) return null;
      const seq = await this.log.nextSeq(current.conversationId, at);
      const doc = await this.messages
        .findOneAndUpdate(
          { _id: id, deletedAt: null, $or: [{ pending: null }, { 'pending.seq': { $lt: seq } }] },
          { $set: { ...set, pending: { seq, type, userId: by, at } } },
          { returnDocument: 'after' },
        )
        .lean<MessageDocument>()
        .exec();
      if (doc) {
        const message = toMessageRecord(doc);
        const event = await this.log.record({ conversationId: doc.conversationId, seq, type, userId: by, at, message });
        return { message, event };
      }
      await this.log.abandon(current.conversationId, seq, at);
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The message is being changed by others; try again');
  }

  private async original(draft: NewMessage): Promise<MessageRecord | null> {
    return draft.clientMsgId === null ? null : this.findByClientMsgId(draft.senderId, draft.clientMsgId);
  }
}
