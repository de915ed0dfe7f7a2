import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError, mongoUniqueViolation } from '#common';
import type { ChatEventRecord, MessageRecord } from '../messages/message.entity.js';
import {
  type ConversationDocument,
  type EventDocument,
  eventDocument,
  type MessageDocument,
  toMessageRecord,
} from './chat-mongo-documents.js';
import { CONVERSATION_MODEL, EVENT_MODEL, MESSAGE_MODEL } from './chat.mongo-schemas.js';

/**
 * How long a claimed seq may stay without its event before a reader declares the writer dead and fills
 * the number with a `noop`. A live writer takes milliseconds from claim to insert.
 */
export const ABANDONED_AFTER_MS = 10_000;

/**
 * The conversation sequence on MongoDB without transactions (ADR 0005): `$inc` claims the number atomically,
 * then the event is inserted under a unique (conversationId, seq) index. A number whose event never arrives
 * (crash, refused write) is a hole: readers stop before a fresh hole and repair an old one, from the
 * message's own record of its change when there is one, else with a `noop` that is never shown.
 */
@Injectable()
export class MongoEventLog {
  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationDocument>,
    @InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
  ) {}

  async nextSeq(conversationId: string, at: Date): Promise<number> {
    const doc = await this.conversations
      .findOneAndUpdate({ _id: conversationId }, { $inc: { lastSeq: 1 }, $max: { activityAt: at } }, { returnDocument: 'after', projection: { lastSeq: 1 } })
      .lean<Pick<ConversationDocument, 'lastSeq'>>()
      .exec();
    if (!doc) throw DomainError.notFound('Conversation');
    return doc.lastSeq;
  }

  async record(event: ChatEventRecord): Promise<ChatEventRecord> {
    try {
      await this.events.create(eventDocument(event));
    } catch (error) {
      // Only a reader's repair can have taken the number first, and it wrote this very event or a noop.
      if (!mongoUniqueViolation(error)) throw error;
    }
    return event;
  }

  /** Blanks the content of every event of a deleted message. */
  async redact(messageId: string): Promise<void> {
    await this.events.updateMany({ messageId }, { $set: { content: '' } }).exec();
  }

  /** Gives a claimed number back as a noop (the write it was claimed for was refused). */
  async abandon(conversationId: string, seq: number, at: Date): Promise<void> {
    await this.insertOnce({ conversationId, seq, type: 'noop', messageId: null, userId: null, content: null, editedAt: null, deletedAt: null, at });
  }

  /** Events after `after` in seq order, up to `limit`, stopping before a hole that may still be filled. */
  async read(conversationId: string, after: number, limit: number): Promise<ChatEventRecord[]> {
    const found: EventDocument[] = [];
    let expected = after + 1;
    while (found.length < limit) {
      const docs = await this.events
        .find({ conversationId, seq: { $gte: expected } })
        .sort({ seq: 1 })
        .limit(limit - found.length)
        .lean<EventDocument[]>()
        .exec();
      if (docs.length === 0) {
        found.push(...(await this.repairTail(conversationId, expected, limit - found.length)));
        break;
      }
      const filled = await this.walk(conversationId, expected, docs);
      found.push(...filled.events);
      if (filled.next === null) break;
      expected = filled.next;
    }
    return this.toRecords(found.slice(0, limit));
  }

  /** The shown events of `docs` (consecutive reads from `expected`), holes repaired; next = null at a young hole. */
  private async walk(conversationId: string, expected: number, docs: EventDocument[]): Promise<{ events: EventDocument[]; next: number | null }> {
    const events: EventDocument[] = [];
    let next = expected;
    for (const doc of docs) {
      for (; next < doc.seq; next++) {
        const repaired = await this.repair(conversationId, next, doc.at);
        if (!repaired) return { events, next: null };
        if (repaired.type !== 'noop') events.push(repaired);
      }
      if (doc.type !== 'noop') events.push(doc);
      next = doc.seq + 1;
    }
    return { events, next };
  }

  /**
   * Numbers claimed after the last stored event. Without this, a writer that died between its message and its
   * event would hide that message from every sync until the conversation's next change — and a retry of the
   * send finds the stored original and writes no event either. The conversation's activityAt (the newest
   * claim's time) stands in for "the next event" when deciding whether an unclaimed number is abandoned.
   */
  private async repairTail(conversationId: string, expected: number, room: number): Promise<EventDocument[]> {
    const conversation = await this.conversations
      .findById(conversationId, { lastSeq: 1, activityAt: 1 })
      .lean<Pick<ConversationDocument, 'lastSeq' | 'activityAt'>>()
      .exec();
    const events: EventDocument[] = [];
    if (!conversation) return events;
    for (let seq = expected; seq <= conversation.lastSeq && events.length < room; seq++) {
      const repaired = await this.repair(conversationId, seq, conversation.activityAt);
      if (!repaired) break;
      if (repaired.type !== 'noop') events.push(repaired);
    }
    return events;
  }

  private async repair(conversationId: string, seq: number, laterEventAt: Date): Promise<EventDocument | null> {
    const created = await this.messages.findOne({ conversationId, seq }).lean<MessageDocument>().exec();
    const changed = created ? null : await this.messages.findOne({ conversationId, 'pending.seq': seq }).lean<MessageDocument>().exec();
    let doc: EventDocument | null = null;
    if (created) {
      doc = { ...this.snapshot(created), seq, type: 'message.created', userId: created.senderId, at: created.createdAt };
    } else if (changed?.pending) {
      doc = { ...this.snapshot(changed), seq, type: changed.pending.type, userId: changed.pending.userId, at: changed.pending.at };
    } else if (Date.now() - laterEventAt.getTime() > ABANDONED_AFTER_MS) {
      doc = { conversationId, seq, type: 'noop', messageId: null, userId: null, content: null, editedAt: null, deletedAt: null, at: new Date() };
    }
    return doc ? this.insertOnce(doc) : null;
  }

  private snapshot(m: MessageDocument): Omit<EventDocument, 'seq' | 'type' | 'userId' | 'at'> {
    return { conversationId: m.conversationId, messageId: m._id, content: m.content, editedAt: m.editedAt, deletedAt: m.deletedAt };
  }

  /** Inserts unless the number is taken; returns whatever holds the number afterwards. */
  private async insertOnce(doc: EventDocument): Promise<EventDocument> {
    try {
      await this.events.create(doc);
      return doc;
    } catch (error) {
      if (!mongoUniqueViolation(error)) throw error;
      return (await this.events.findOne({ conversationId: doc.conversationId, seq: doc.seq }).lean<EventDocument>().exec()) ?? doc;
    }
  }

  /**
   * One query for the messages of the whole page. A deleted message is blank in every event, also in one whose
   * insert landed after the delete's redact() (a slow writer, or a repair): the log never serves deleted text.
   */
  private async toRecords(docs: EventDocument[]): Promise<ChatEventRecord[]> {
    const ids = [...new Set(docs.flatMap((doc) => (doc.messageId ? [doc.messageId] : [])))];
    const messages = ids.length === 0 ? [] : await this.messages.find({ _id: { $in: ids } }, { pending: 0 }).lean<MessageDocument[]>().exec();
    const byId = new Map(messages.map((m) => [m._id, m]));
    return docs.map((doc) => {
      const m = doc.messageId ? byId.get(doc.messageId) : undefined;
      const message: MessageRecord | null = m
        ? { ...toMessageRecord(m), content: m.deletedAt ? '' : (doc.content ?? ''), editedAt: doc.editedAt, deletedAt: doc.deletedAt }
        : null;
      return { conversationId: doc.conversationId, seq: doc.seq, type: doc.type as ChatEventRecord['type'], userId: doc.userId ?? '', message, at: doc.at };
    });
  }
}
