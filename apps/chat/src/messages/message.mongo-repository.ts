import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import { type MessageDocument, toMessageRecord } from '../storage/chat-mongo-documents.js';
import { MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import type { AppendResult, ChangeResult, ChatEventRecord, MessageRecord, NewMessage, SeqRange } from './message.entity.js';
import { MessageRepository } from './message.repository.js';

/**
 * Messages on MongoDB: every change is an event of the conversation log, built from the message's newest event
 * (its snapshot is the current message); the messages collection is the log's derived state, read after settle().
 */
@Injectable()
export class MongoMessageRepository extends MessageRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async append(draft: NewMessage): Promise<AppendResult> {
    const { id, conversationId, senderId, clientMsgId, createdAt } = draft;
    // The (senderId, clientMsgId) index decides concurrent retries: the losers' next try finds the winner's event.
    const event = await this.log.append(conversationId, async () =>
      clientMsgId !== null && (await this.log.created(senderId, clientMsgId))
        ? null
        : { type: 'message.created', subject: id, parent: 0, userId: senderId, at: createdAt, clientMsgId, role: null, promoteId: null, message: { ...draft, replyToId: draft.replyToId ?? null, threadId: draft.threadId ?? null, seq: 0, editedAt: null, deletedAt: null } },
    );
    if (event?.message) return { message: event.message, duplicate: false, event };
    const original = await this.findByClientMsgId(senderId, clientMsgId as string);
    if (!original) throw new Error(`append of ${id} stored nothing and found no original`);
    return { message: original, duplicate: true, event: null };
  }

  async findById(id: string): Promise<MessageRecord | null> {
    return (await this.log.head(id))?.message ?? null;
  }

  async findByClientMsgId(senderId: string, clientMsgId: string): Promise<MessageRecord | null> {
    const created = await this.log.created(senderId, clientMsgId);
    return created ? this.findById(created.subject) : null;
  }

  async edit(id: string, content: string, by: string, at: Date): Promise<ChangeResult | null> {
    return this.change(id, 'message.edited', by, at, { content, editedAt: at });
  }

  async delete(id: string, by: string, at: Date): Promise<ChangeResult | null> {
    return this.change(id, 'message.deleted', by, at, { content: '', deletedAt: at });
  }

  async history(conversationId: string, range: SeqRange): Promise<MessageRecord[]> {
    await this.log.settle({ conversationId });
    const seq = { $gt: range.after ?? 0, ...(range.before !== undefined ? { $lt: range.before } : {}) };
    const docs = await this.messages
      // Thread replies are read through their thread (matches documents without the field too).
      .find({ conversationId, seq, threadId: null })
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
   * An edit or delete is the message's next event: its parent is the newest event, and (subject, parent) is unique,
   * so of two changes built on the same state one wins and the other is rebuilt on top of it — or refused when
   * the winner was the delete. The stored message always equals the replay of its log.
   */
  private async change(id: string, type: 'message.edited' | 'message.deleted', by: string, at: Date, change: Partial<MessageRecord>): Promise<ChangeResult | null> {
    const current = await this.log.head(id);
    if (!current?.message) return null;
    const event = await this.log.append(current.conversationId, async () => {
      const head = await this.log.head(id);
      if (!head?.message || head.type === 'message.deleted') return null;
      return { type, subject: id, parent: head.seq, userId: by, at, clientMsgId: null, role: null, promoteId: null, message: { ...head.message, ...change } };
    });
    return event?.message ? { message: event.message, event } : null;
  }
}
