import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, QueryFilter } from 'mongoose';
import { ErrorCode } from '#contracts';
import { DomainError, KeyedSerialQueue, mongoUniqueViolation } from '#common';
import { searchTokens } from '../search/search-tokens.js';
import {
  type ConversationDocument,
  type MemberDocument,
  memberKey,
  type MessageDocument,
  type PinDocument,
  type ReactionDocument,
} from '../storage/chat-mongo-documents.js';
import { CONVERSATION_MODEL, MEMBER_MODEL, MESSAGE_MODEL, PIN_MODEL, REACTION_MODEL } from '../storage/chat.mongo-schemas.js';
import { type ChatEventRecord, isRelayed } from './conversation-event.js';
import { EVENT_MODEL, type EventDocument } from './conversation-log.mongo-schema.js';

/** What a writer proposes; the log adds the conversation, the seq and the pending mark. */
export type EventDraft = Omit<EventDocument, 'conversationId' | 'seq' | 'pending' | 'relay'>;

/**
 * Tries of one append. Each lost try means a writer in another process took the seq (or changed the subject),
 * so this bounds how many may overtake one another in a single conversation at the same moment.
 */
const APPEND_ATTEMPTS = 200;

/** Conversations whose newest seq is remembered (see `newest`); beyond that the memory starts over. */
const NEWEST_KEPT = 10_000;

/** Matches a state document not yet at `seq` (also one written before versions existed). */
const olderThan = (seq: number) => ({ version: { $not: { $gte: seq } } });

/**
 * The conversation log on MongoDB without transactions (ADR 0005). An event's insert is the commit point: a seq
 * exists only if its event does, so the log has no holes. The unique indexes of the events collection decide every
 * race, and a loser builds its event again from a fresh read (insert-or-retry). The state documents (messages,
 * members, conversation lastSeq) are derived from the log by apply(), which is idempotent and never moves a
 * document back; an event stays `pending` until applied, and readers apply what a crashed writer left.
 */
@Injectable()
export class MongoConversationLog {
  constructor(
    @InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>,
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationDocument>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    @InjectModel(MEMBER_MODEL) private readonly members: Model<MemberDocument>,
    @InjectModel(REACTION_MODEL) private readonly reactions: Model<ReactionDocument>,
    @InjectModel(PIN_MODEL) private readonly pins: Model<PinDocument>,
  ) {}

  private readonly turns = new KeyedSerialQueue();
  /** Per conversation, the newest seq this process stored: never ahead of the log, so at worst one clash. */
  private readonly newest = new Map<string, number>();

  /**
   * Stores the event `prepare` builds as the conversation's next seq and applies it. `prepare` reads what the change
   * depends on (the subject's newest event, an earlier send with the same key) and returns null when there is
   * nothing to do; after any unique clash it runs again, so it always decides on the state that won.
   */
  async append(conversationId: string, prepare: () => Promise<EventDraft | null>): Promise<ChatEventRecord | null> {
    const [exists, draft] = await Promise.all([this.conversations.exists({ _id: conversationId }), prepare()]);
    if (!exists) throw DomainError.notFound('Conversation');
    if (!draft) return null;
    // Appends of one conversation in this process take turns (KeyedSerialQueue): racing for the same seq, n writers would need
    // n rounds of retries. Across processes the unique indexes still decide, and the loser retries.
    const event = await this.turns.run(conversationId, () => this.insert(conversationId, draft, prepare));
    if (!event) return null;
    await this.apply(event);
    return toRecord(event);
  }

  /** The subject's newest event: its current state (a message's snapshot, a member's last join or leave). */
  async head(subject: string): Promise<EventDocument | null> {
    return this.events.findOne({ subject }).sort({ parent: -1 }).lean<EventDocument>().exec();
  }

  /** The message.created event a sender stored under this idempotency key. */
  async created(userId: string, clientMsgId: string): Promise<EventDocument | null> {
    return this.events.findOne({ userId, clientMsgId }).lean<EventDocument>().exec();
  }

  /**
   * Applies the events still pending among those matching `filter`. Reads call it before they trust state
   * documents; normally it is one query on a tiny partial index that finds nothing.
   */
  async settle(filter: QueryFilter<EventDocument>): Promise<void> {
    const pending = await this.events.find({ ...filter, pending: true }).sort({ seq: 1 }).lean<EventDocument[]>().exec();
    for (const event of pending) await this.apply(event);
  }

  async read(conversationId: string, after: number, limit: number): Promise<ChatEventRecord[]> {
    await this.settle({ conversationId });
    const docs = await this.events.find({ conversationId, seq: { $gt: after } }).sort({ seq: 1 }).limit(limit).lean<EventDocument[]>().exec();
    return docs.map(toRecord);
  }

  /**
   * Inserts at the seq after the newest one this process stored (no read while it holds the turn); after a clash
   * it reads the log's newest seq — not the derived lastSeq, which lags while an event is pending — and the
   * draft again, since the clash may also have been on the change's premise or the send's key.
   */
  private async insert(conversationId: string, first: EventDraft, prepare: () => Promise<EventDraft | null>): Promise<EventDocument | null> {
    let draft: EventDraft | null = first;
    let last = this.newest.get(conversationId) ?? (await this.lastSeq(conversationId));
    for (let attempt = 0; attempt < APPEND_ATTEMPTS && draft; attempt++) {
      const seq = last + 1;
      const message = draft.message && draft.type === 'message.created' ? { ...draft.message, seq } : draft.message;
      // The insert is the commit point, so the outbox mark goes in with it (docs/adr/0014).
      const event: EventDocument = { ...draft, conversationId, seq, message, pending: true, ...(isRelayed(draft.type) ? { relay: true as const } : {}) };
      try {
        await this.events.create(event);
        if (this.newest.size >= NEWEST_KEPT) this.newest.clear();
        this.newest.set(conversationId, seq);
        return event;
      } catch (error) {
        if (!mongoUniqueViolation(error)) throw error;
      }
      [draft, last] = await Promise.all([prepare(), this.lastSeq(conversationId)]);
    }
    if (!draft) return null;
    throw new DomainError(ErrorCode.CONFLICT, 'The conversation is too busy; try again');
  }

  private async lastSeq(conversationId: string): Promise<number> {
    const newest = await this.events.findOne({ conversationId }, { seq: 1 }).sort({ seq: -1 }).lean<Pick<EventDocument, 'seq'>>().exec();
    return newest?.seq ?? 0;
  }

  /** Brings the state documents up to `event`. Safe to repeat, and to run for an older event after a newer one. */
  private async apply(event: EventDocument): Promise<void> {
    // A call event changes no derived document (the calls collection is written by its repository).
    if (event.call) {
      // nothing to derive
    } else if (event.target && event.target.emoji !== null) await this.applyReaction(event, { messageId: event.target.messageId, emoji: event.target.emoji });
    else if (event.target) await this.applyPin(event, event.target.messageId);
    else if (event.message) await this.applyMessage(event, event.message);
    else await this.applyMember(event);
    await this.conversations.updateOne({ _id: event.conversationId }, { $max: { lastSeq: event.seq, activityAt: event.at } }).exec();
    await this.events.updateOne({ conversationId: event.conversationId, seq: event.seq }, { $unset: { pending: 1 } }).exec();
  }

  private async applyMessage(event: EventDocument, { id, ...message }: NonNullable<EventDocument['message']>): Promise<void> {
    const words = message.deletedAt ? [] : searchTokens(message.content);
    await newerOnly((upsert) =>
      this.messages.updateOne({ _id: id, ...olderThan(event.seq) }, { $set: { ...message, words, version: event.seq } }, { upsert }).exec(),
    );
    // The log must not keep serving what the sender deleted; no event of the message can follow its delete.
    if (event.type === 'message.deleted') {
      await this.events.updateMany({ subject: id }, { $set: { 'message.content': '' } }).exec();
      await this.reactions.deleteMany({ messageId: id }).exec();
      await this.pins.deleteOne({ _id: id }).exec();
    }
  }

  /** As applyReaction, for a message's pin (its document's id is the message id). */
  private async applyPin(event: EventDocument, messageId: string): Promise<void> {
    const { conversationId, userId, seq } = event;
    if (event.type === 'message.pinned') {
      const pin = { conversationId, pinnedBy: userId, pinnedAt: event.at, seq, version: seq };
      await newerOnly((upsert) => this.pins.updateOne({ _id: messageId, ...olderThan(seq) }, { $set: pin }, { upsert }).exec());
    } else {
      await this.pins.deleteOne({ _id: messageId, ...olderThan(seq) }).exec();
    }
    const head = await this.head(event.subject);
    if (head && head.seq > seq) return this.applyPin(head, messageId);
    if ((await this.head(messageId))?.type === 'message.deleted') await this.pins.deleteOne({ _id: messageId }).exec();
  }

  /** Like applyMember (a removal deletes the document and its version): a newer event of the reaction is applied again after. */
  private async applyReaction(event: EventDocument, { messageId, emoji }: { messageId: string; emoji: string }): Promise<void> {
    const { conversationId, userId, seq, subject: _id } = event;
    if (event.type === 'reaction.added') {
      const reaction = { conversationId, messageId, emoji, userId, seq, createdAt: event.at, version: seq };
      await newerOnly((upsert) => this.reactions.updateOne({ _id, ...olderThan(seq) }, { $set: reaction }, { upsert }).exec());
    } else {
      await this.reactions.deleteOne({ _id, ...olderThan(seq) }).exec();
    }
    const head = await this.head(_id);
    if (head?.target?.emoji && head.seq > seq) return this.applyReaction(head, { messageId, emoji: head.target.emoji });
    // A reaction applied after its message's delete must not outlive it.
    if ((await this.head(messageId))?.type === 'message.deleted') await this.reactions.deleteMany({ messageId }).exec();
  }

  /**
   * A member document is deleted by a leave, so its version goes with it: a slow apply of an older join could bring
   * it back after a newer leave. Hence the check afterwards: if the member has a newer event, apply that again.
   */
  private async applyMember(event: EventDocument): Promise<void> {
    const { conversationId, userId, seq } = event;
    const _id = memberKey(conversationId, userId);
    if (event.type === 'member.joined') {
      // A newcomer has nothing unread: the history before the join is context, not news.
      const member = { conversationId, userId, role: event.role ?? 'member', joinedAt: event.at, lastReadSeq: seq, version: seq };
      await newerOnly((upsert) => this.members.updateOne({ _id, ...olderThan(seq) }, { $set: member }, { upsert }).exec());
    } else {
      await this.members.deleteOne({ _id, ...olderThan(seq) }).exec();
      if (event.promoteId) await this.members.updateOne({ _id: memberKey(conversationId, event.promoteId) }, { $set: { role: 'owner' } }).exec();
    }
    const head = await this.head(_id);
    if (head && head.seq > seq) await this.applyMember(head);
  }
}

/** Upsert, and when a concurrent writer inserted the document first, the same update without upsert. */
async function newerOnly(write: (upsert: boolean) => Promise<unknown>): Promise<void> {
  try {
    await write(true);
  } catch (error) {
    // A document at this or a newer version exists (the filter missed it, so the upsert clashed on _id).
    if (!mongoUniqueViolation(error)) throw error;
    await write(false);
  }
}

const toRecord = ({ conversationId, seq, type, userId, message, target, call, at }: EventDocument): ChatEventRecord => ({
  conversationId,
  seq,
  type,
  userId,
  message,
  ...(target ? { target } : {}),
  ...(call ? { call } : {}),
  at,
});
