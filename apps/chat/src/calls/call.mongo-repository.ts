import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { type EventDraft, MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import type { CallDocument } from '../storage/chat-mongo-documents.js';
import { CALL_MODEL } from '../storage/chat.mongo-schemas.js';
import { callLogEntry, type CallRecord } from './call.entity.js';
import { CallRepository } from './call.repository.js';

/** Tries of a start that lost to an open call which ended before it could be read. */
const START_ATTEMPTS = 5;

const toCall = ({ _id, open: _open, ...rest }: CallDocument): CallRecord => ({
  ...rest,
  id: _id,
  participants: rest.participants.map(({ userId, socketId }) => ({ userId, socketId })),
});

const stateOf = ({ id: _id, startedSeq: _startedSeq, ...rest }: CallRecord) => rest;

/**
 * Calls on MongoDB without transactions: the calls collection decides (the unique open-call index, compare-and-set
 * on `version`), and the log event follows. Its subject is `call:<id>:started` / `:ended` with parent 0, so a retry
 * cannot log a call's start or end twice. A process that dies between the two writes leaves a call without its log
 * event (the call itself is right); the ring timeout or the next start in the conversation still ends it.
 */
@Injectable()
export class MongoCallRepository extends CallRepository {
  constructor(
    @InjectModel(CALL_MODEL) private readonly calls: Model<CallDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async start(call: Omit<CallRecord, 'startedSeq'>): Promise<{ call: CallRecord; created: boolean }> {
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const existing = await this.calls.findOne({ conversationId: call.conversationId, open: true }).lean<CallDocument>().exec();
      if (existing) return { call: toCall(existing), created: false };
      const { id, ...rest } = call;
      try {
        await this.calls.create({ _id: id, ...rest, startedSeq: 0, open: true });
      } catch (error) {
        if (!mongoUniqueViolation(error)) throw error;
        continue;
      }
      try {
        const event = await this.logEvent({ ...call, startedSeq: 0 }, 'call.started', call.createdAt);
        await this.calls.updateOne({ _id: id }, { $set: { startedSeq: event.seq } }).exec();
        return { call: { ...call, startedSeq: event.seq }, created: true };
      } catch (error) {
        // An unknown conversation (NOT_FOUND from the log): the call must not stay open.
        await this.calls.deleteOne({ _id: id }).exec();
        throw error;
      }
    }
    const existing = await this.calls.findOne({ conversationId: call.conversationId, open: true }).lean<CallDocument>().exec();
    if (!existing) throw new Error('call start kept clashing');
    return { call: toCall(existing), created: false };
  }

  async findById(id: string): Promise<CallRecord | null> {
    const doc = await this.calls.findById(id).lean<CallDocument>().exec();
    return doc ? toCall(doc) : null;
  }

  async openWith(userId: string): Promise<CallRecord[]> {
    const docs = await this.calls.find({ open: true, 'participants.userId': userId }).lean<CallDocument[]>().exec();
    return docs.map(toCall);
  }

  async update(next: CallRecord): Promise<boolean> {
    const result = await this.calls.updateOne({ _id: next.id, version: next.version - 1 }, { $set: stateOf(next) }).exec();
    return result.modifiedCount === 1;
  }

  async end(next: CallRecord): Promise<{ call: CallRecord; event: ChatEventRecord } | null> {
    const result = await this.calls.updateOne({ _id: next.id, version: next.version - 1 }, { $set: stateOf(next), $unset: { open: 1 } }).exec();
    if (result.modifiedCount !== 1) return null;
    const event = await this.logEvent(next, 'call.ended', next.endedAt ?? new Date());
    await this.calls.updateOne({ _id: next.id }, { $set: { endedSeq: event.seq } }).exec();
    return { call: { ...next, endedSeq: event.seq }, event };
  }

  async countMissed(conversationId: string, userId: string, afterSeq: number): Promise<number> {
    return this.calls.countDocuments({ conversationId, reason: 'missed', endedSeq: { $gt: afterSeq }, initiatorId: { $ne: userId } }).exec();
  }

  private async logEvent(call: CallRecord, type: 'call.started' | 'call.ended', at: Date): Promise<ChatEventRecord> {
    const subject = `call:${call.id}:${type === 'call.started' ? 'started' : 'ended'}`;
    const draft: EventDraft = { type, subject, parent: 0, userId: call.initiatorId, at, clientMsgId: null, message: null, role: null, promoteId: null, call: callLogEntry(call) };
    const event = await this.log.append(call.conversationId, async () => ((await this.log.head(subject)) ? null : draft));
    if (event) return event;
    // Logged already (a retry after a lost reply): the event that is there.
    const head = await this.log.head(subject);
    if (!head) throw new Error(`${type} of call ${call.id} is neither logged nor loggable`);
    return { conversationId: head.conversationId, seq: head.seq, type: head.type, userId: head.userId, message: null, at: head.at, ...(head.call ? { call: head.call } : {}) };
  }
}
