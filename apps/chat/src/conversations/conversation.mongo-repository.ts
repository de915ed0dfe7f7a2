import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type NotificationLevel, type RoomRole, SYNC_EVENT_TYPES } from '#contracts';
import { mongoUniqueViolation } from '#common';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import { EVENT_MODEL, type EventDocument } from '../conversation-log/conversation-log.mongo-schema.js';
import {
  type ConversationDocument,
  type MemberDocument,
  type MentionDocument,
  memberKey,
  type MessageDocument,
  toConversationRecord,
  toMemberRecord,
  toMessageRecord,
} from '../storage/chat-mongo-documents.js';
import { CONVERSATION_MODEL, MEMBER_MODEL, MENTION_MODEL, MESSAGE_MODEL } from '../storage/chat.mongo-schemas.js';
import type { ActivityCursor, ConversationRecord, ConversationSummary, MemberRecord, NewMember, RoomSummary } from './conversation.entity.js';
import { ConversationRepository, type RoomListFilter } from './conversation.repository.js';

/** The log's membership events (what the membership cache must notice): an exact list, which an index serves. */
const MEMBER_EVENT_TYPES = SYNC_EVENT_TYPES.filter((type) => type.startsWith('member.'));

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

@Injectable()
export class MongoConversationRepository extends ConversationRepository {
  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationDocument>,
    @InjectModel(MEMBER_MODEL) private readonly members: Model<MemberDocument>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    @InjectModel(MENTION_MODEL) private readonly mentions: Model<MentionDocument>,
    @InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>,
    private readonly log: MongoConversationLog,
  ) {
    super();
  }

  async openDirect(conversation: ConversationRecord, members: NewMember[]) {
    // Members first: if we crash before the conversation exists they are orphans nobody sees,
    // never a conversation without its members.
    await this.members.insertMany(members.map(memberDocument), { ordered: false }).catch(ignoreDuplicates);
    try {
      await this.conversations.create(conversationDocument(conversation));
      return { conversation, created: true };
    } catch (error) {
      if (!mongoUniqueViolation(error)?.includes('pairKey')) throw error;
      await this.members.deleteMany({ conversationId: conversation.id }).exec();
      const winner = await this.findByPairKey(conversation.pairKey as string);
      if (!winner) throw error;
      return { conversation: winner, created: false };
    }
  }

  async createRoom(conversation: ConversationRecord, members: NewMember[]): Promise<void> {
    await this.members.insertMany(members.map(memberDocument));
    await this.conversations.create(conversationDocument(conversation));
  }

  async findById(id: string): Promise<ConversationRecord | null> {
    await this.log.settle({ conversationId: id });
    const doc = await this.conversations.findById(id).lean<ConversationDocument>().exec();
    return doc ? toConversationRecord(doc) : null;
  }

  async findByPairKey(pairKey: string): Promise<ConversationRecord | null> {
    const doc = await this.conversations.findOne({ pairKey }).lean<ConversationDocument>().exec();
    return doc ? toConversationRecord(doc) : null;
  }

  async findMember(conversationId: string, userId: string): Promise<MemberRecord | null> {
    await this.log.settle({ conversationId });
    const doc = await this.members.findById(memberKey(conversationId, userId)).lean<MemberDocument>().exec();
    return doc ? toMemberRecord(doc) : null;
  }

  async listMembers(conversationId: string): Promise<MemberRecord[]> {
    await this.log.settle({ conversationId });
    return this.membersOf(conversationId);
  }

  /** One read per conversation here (the SQLite adapter does it in one query); the positions are few. */
  async syncEvents(userId: string, positions: readonly { conversationId: string; after: number }[], limit: number): Promise<ChatEventRecord[]> {
    const events: ChatEventRecord[] = [];
    for (const { conversationId, after } of positions) {
      if (events.length >= limit) break;
      if (!(await this.findMember(conversationId, userId))) continue;
      events.push(...(await this.log.read(conversationId, after, limit - events.length)));
    }
    return events;
  }

  async membershipChanged(conversationId: string, afterSeq: number, uptoSeq: number): Promise<boolean> {
    // The event's insert is the commit point (ADR 0005): a pending one counts, whether or not it is applied yet.
    const found = await this.events
      .exists({ conversationId, seq: { $gt: afterSeq, $lte: uptoSeq }, type: { $in: MEMBER_EVENT_TYPES } })
      .exec();
    return found !== null;
  }

  async addMember(conversationId: string, userId: string, role: RoomRole, at: Date): Promise<ChatEventRecord | null> {
    return this.log.append(conversationId, async () => {
      const { member, subject, parent } = await this.membership(conversationId, userId);
      return member ? null : { type: 'member.joined', subject, parent, userId, at, clientMsgId: null, message: null, role, promoteId: null };
    });
  }

  async removeMember(conversationId: string, userId: string, promoteId: string | null, at: Date): Promise<ChatEventRecord | null> {
    return this.log.append(conversationId, async () => {
      const { member, subject, parent } = await this.membership(conversationId, userId);
      return member ? { type: 'member.left', subject, parent, userId, at, clientMsgId: null, message: null, role: null, promoteId } : null;
    });
  }

  async setRole(conversationId: string, userId: string, role: RoomRole): Promise<void> {
    await this.members.updateOne({ _id: memberKey(conversationId, userId) }, { $set: { role } }).exec();
  }

  async markRead(conversationId: string, userId: string, seq: number) {
    await this.log.settle({ conversationId });
    const conversation = await this.conversations.findById(conversationId, { lastSeq: 1 }).lean<Pick<ConversationDocument, 'lastSeq'>>().exec();
    if (!conversation) return null;
    const target = Math.min(seq, conversation.lastSeq);
    const before = await this.members
      .findOneAndUpdate({ _id: memberKey(conversationId, userId) }, { $max: { lastReadSeq: target } }, { returnDocument: 'before' })
      .lean<MemberDocument>()
      .exec();
    if (!before) return null;
    const lastReadSeq = Math.max(before.lastReadSeq, target);
    return { lastReadSeq, moved: lastReadSeq !== before.lastReadSeq };
  }

  async setNotificationLevel(conversationId: string, userId: string, level: NotificationLevel): Promise<boolean> {
    await this.log.settle({ conversationId });
    const result = await this.members.updateOne({ _id: memberKey(conversationId, userId) }, { $set: { notificationLevel: level } }).exec();
    return result.matchedCount === 1;
  }

  async listForMember(userId: string, after: ActivityCursor | null, limit: number): Promise<ConversationSummary[]> {
    await this.log.settle({ userId });
    const memberships = await this.members.find({ userId }).lean<MemberDocument[]>().exec();
    const positions = new Map(memberships.map((m) => [m.conversationId, toMemberRecord(m)]));
    await this.log.settle({ conversationId: { $in: [...positions.keys()] } });
    const keyset = after
      ? { $or: [{ activityAt: { $lt: after.activityAt } }, { activityAt: after.activityAt, _id: { $lt: after.id } }] }
      : {};
    const docs = await this.conversations
      .find({ _id: { $in: [...positions.keys()] }, ...keyset })
      .sort({ activityAt: -1, _id: -1 })
      .limit(limit)
      .lean<ConversationDocument[]>()
      .exec();
    // A membership that went away since the first read is left out rather than shown with a made-up read position.
    return Promise.all(docs.flatMap((doc) => { const member = positions.get(doc._id); return member ? [this.summary(doc, member)] : []; }));
  }

  async summaryFor(conversationId: string, userId: string): Promise<ConversationSummary | null> {
    const member = await this.findMember(conversationId, userId);
    const doc = await this.conversations.findById(conversationId).lean<ConversationDocument>().exec();
    return doc && member ? this.summary(doc, member) : null;
  }

  async listRooms(filter: RoomListFilter): Promise<RoomSummary[]> {
    const ids: Record<string, unknown> = filter.beforeId ? { $lt: filter.beforeId } : {};
    const query: Record<string, unknown> = { type: 'group' };
    if (filter.scope === 'mine') {
      await this.log.settle({ userId: filter.userId });
      const mine = await this.members.find({ userId: filter.userId }, { conversationId: 1 }).lean<MemberDocument[]>().exec();
      ids.$in = mine.map((m) => m.conversationId);
    } else {
      query.visibility = 'public';
    }
    if (Object.keys(ids).length > 0) query._id = ids;
    if (filter.search) query.nameKey = { $regex: escapeRegex(filter.search) };
    const docs = await this.conversations
      .find(query)
      .sort({ _id: -1 })
      .limit(filter.limit)
      .lean<ConversationDocument[]>()
      .exec();
    await this.log.settle({ conversationId: { $in: docs.map((doc) => doc._id) } });
    return Promise.all(docs.map(async (doc) => ({ conversation: toConversationRecord(doc), memberCount: await this.members.countDocuments({ conversationId: doc._id }).exec() })));
  }

  async countMembers(conversationId: string): Promise<number> {
    await this.log.settle({ conversationId });
    return this.members.countDocuments({ conversationId }).exec();
  }

  /** Longest-standing first; the caller has settled the conversation. */
  private async membersOf(conversationId: string): Promise<MemberRecord[]> {
    const docs = await this.members.find({ conversationId }).sort({ joinedAt: 1, userId: 1 }).lean<MemberDocument[]>().exec();
    return docs.map(toMemberRecord);
  }

  /**
   * Whether the user is a member now, decided on the log: the member's newest join/leave, or — before any — the
   * members the conversation was created with. `parent` makes a concurrent second join or leave clash.
   */
  private async membership(conversationId: string, userId: string): Promise<{ member: boolean; subject: string; parent: number }> {
    const subject = memberKey(conversationId, userId);
    const head = await this.log.head(subject);
    const member = head ? head.type === 'member.joined' : (await this.members.exists({ _id: subject })) !== null;
    return { member, subject, parent: head?.seq ?? 0 };
  }

  /** Unread = messages after the read position, not the member's own, not deleted: counted, never stored. */
  private async summary(doc: ConversationDocument, { userId, lastReadSeq, notificationLevel }: MemberRecord): Promise<ConversationSummary> {
    const [members, unreadCount, last] = await Promise.all([
      this.membersOf(doc._id),
      this.unreadCount(doc._id, userId, lastReadSeq),
      // The main history's newest message: thread replies are read in their thread.
      this.messages.findOne({ conversationId: doc._id, threadId: null }).sort({ seq: -1 }).lean<MessageDocument>().exec(),
    ]);
    return {
      conversation: toConversationRecord(doc),
      memberIds: members.map((m) => m.userId),
      lastReadSeq,
      unreadCount,
      notificationLevel,
      lastMessage: last ? toMessageRecord(last) : null,
    };
  }

  /**
   * As on SQLite: main-history messages count, a thread reply only for the root's participants (its sender and the
   * repliers) and the members it mentions. Only the unread replies are looked at, each lookup on an index.
   */
  private async unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    const unread = { conversationId, seq: { $gt: lastReadSeq }, senderId: { $ne: userId }, deletedAt: null };
    const [main, replies] = await Promise.all([
      this.messages.countDocuments({ ...unread, threadId: null }).exec(),
      this.messages.find({ ...unread, threadId: { $type: 'string' } }, { _id: 1, threadId: 1 }).lean<Pick<MessageDocument, '_id' | 'threadId'>[]>().exec(),
    ]);
    if (replies.length === 0) return main;
    const roots = [...new Set(replies.map((r) => r.threadId as string))];
    const [ownRoots, repliedIn, mentioned] = await Promise.all([
      this.messages.find({ _id: { $in: roots }, senderId: userId }, { _id: 1 }).lean<Pick<MessageDocument, '_id'>[]>().exec(),
      this.messages.distinct('threadId', { threadId: { $in: roots }, senderId: userId, deletedAt: null }).exec(),
      this.mentions.find({ messageId: { $in: replies.map((r) => r._id) }, userId }, { messageId: 1 }).lean<Pick<MentionDocument, 'messageId'>[]>().exec(),
    ]);
    const taking = new Set<unknown>([...ownRoots.map((r) => r._id), ...repliedIn]);
    const mentionedIds = new Set(mentioned.map((m) => m.messageId));
    return main + replies.filter((r) => taking.has(r.threadId) || mentionedIds.has(r._id)).length;
  }
}

function conversationDocument({ id, ...rest }: ConversationRecord): ConversationDocument {
  return { _id: id, ...rest, nameKey: rest.name === null ? null : rest.name.toLowerCase() };
}

function memberDocument(m: NewMember): MemberDocument {
  return { _id: memberKey(m.conversationId, m.userId), ...m, version: 0 };
}

function ignoreDuplicates(error: unknown): void {
  if (!mongoUniqueViolation(error)) throw error;
}
