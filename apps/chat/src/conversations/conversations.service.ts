import { AttachmentsService } from '../attachments/attachments.service.js';
import { Injectable } from '@nestjs/common';
import {
  type ChatDelivery,
  type Conversation,
  type ConversationCommand,
  type ConversationPage,
  type EventsCommand,
  type ListConversationsCommand,
  type MarkReadCommand,
  type ReadPosition,
  SERVER_EVENTS,
  type SyncBatch,
  type SyncCommand,
  type SyncPage,
  type TypingCommand,
} from '#contracts';
import { decodeTimeCursor, DomainError, encodeTimeCursor, pageLimit, paged } from '#common';
import { CallRepository } from '../calls/call.repository.js';
import { AnnouncementFeed } from '../announcements/announcement-feed.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MentionRepository } from '../mentions/mention.repository.js';
import { MessageViews } from '../messages/message-views.js';
import { MessageRepository } from '../messages/message.repository.js';
import { conversationFromSummary } from './chat-replies.mapper.js';
import { ConversationAccess } from './conversation-access.js';
import type { ConversationSummary } from './conversation.entity.js';
import { ConversationRepository } from './conversation.repository.js';
import { MembershipCache } from './membership-cache.js';

const SYNC_LIMIT_DEFAULT = 100;

/** The member's view of conversations: lists, read positions, the sync log. */
@Injectable()
export class ConversationsService {
  private readonly membership: MembershipCache;

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly access: ConversationAccess,
    private readonly users: UsersDirectory,
    private readonly deliveries: ChatDeliveries,
    private readonly mentions: MentionRepository,
    private readonly messageViews: MessageViews,
    private readonly calls: CallRepository,
    private readonly announcements: AnnouncementFeed,
    private readonly attachments: AttachmentsService,
  ) {
    this.membership = new MembershipCache(conversations);
  }

  async list(cmd: ListConversationsCommand): Promise<ConversationPage> {
    const limit = pageLimit(cmd.limit);
    const after = decodeTimeCursor(cmd.cursor);
    const rows = await this.conversations.listForMember(cmd.caller.userId, after && { activityAt: after.at, id: after.id }, limit + 1);
    const page = paged(rows, limit, (s) => encodeTimeCursor(s.conversation.activityAt, s.conversation.id));
    // The announcements conversation has no member rows: it leads the first page, outside the limit (ADR 0016).
    const feed = after ? null : await this.announcements.summary(cmd.caller.userId);
    return { items: await this.views(cmd.caller.userId, feed ? [feed, ...page.items] : page.items), nextCursor: page.nextCursor };
  }

  async get(cmd: ConversationCommand): Promise<Conversation> {
    await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    return this.viewFor(cmd.conversationId, cmd.caller.userId);
  }

  /** Forward only, clamped to lastSeq; members hear about it only when it moved. */
  async markRead(cmd: MarkReadCommand): Promise<ReadPosition> {
    const userId = cmd.caller.userId;
    await this.access.asMember(cmd.conversationId, userId);
    const result = AnnouncementFeed.is(cmd.conversationId)
      ? await this.announcements.markRead(userId, cmd.seq)
      : await this.conversations.markRead(cmd.conversationId, userId, cmd.seq);
    if (!result) throw DomainError.notFound('Conversation');
    const position = { conversationId: cmd.conversationId, lastReadSeq: result.lastReadSeq };
    if (result.moved) {
      this.deliveries.enqueue(cmd.conversationId, async () => [
        // Nobody else shares a read position in the announcements: only the reader's own sockets hear it.
        { userIds: AnnouncementFeed.is(cmd.conversationId) ? [userId] : await this.memberIds(cmd.conversationId), event: SERVER_EVENTS.conversationRead, data: { ...position, userId } },
      ]);
    }
    return position;
  }

  /** The sync log: every event after `after`, in seq order; nextCursor is the `after` of the next page. */
  async events(cmd: EventsCommand): Promise<SyncPage> {
    await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    const limit = pageLimit(cmd.limit);
    const rows = await this.messages.events(cmd.conversationId, cmd.after ?? 0, limit + 1);
    const page = paged(rows, limit, (e) => String(e.seq));
    return { items: await this.attachments.withEventAttachments(await this.messageViews.syncEvents(page.items)), nextCursor: page.nextCursor };
  }

  /** Several conversations at once (the socket `sync`), in one read; conversations the caller is not in are skipped. */
  async sync(cmd: SyncCommand): Promise<SyncBatch> {
    const limit = cmd.limit ?? SYNC_LIMIT_DEFAULT;
    // The announcements conversation has no member rows (ADR 0016): its events follow the member's own, in the
    // room the limit leaves; one more than the limit tells whether a limit cut the answer.
    const feed = cmd.conversations.find((c) => AnnouncementFeed.is(c.conversationId));
    const own = feed ? cmd.conversations.filter((c) => c !== feed) : cmd.conversations;
    const rows = await this.conversations.syncEvents(cmd.caller.userId, own, limit + 1);
    if (feed && rows.length <= limit) rows.push(...(await this.messages.events(feed.conversationId, feed.after, limit + 1 - rows.length)));
    return { events: await this.attachments.withEventAttachments(await this.messageViews.syncEvents(rows.slice(0, limit))), more: rows.length > limit };
  }

  /**
   * The socket `typing`: members only (NOT_A_MEMBER otherwise), relayed to the other members and never
   * stored — a lost indicator is harmless and the next keystroke sends another.
   */
  async typing(cmd: TypingCommand): Promise<Record<string, never>> {
    const userId = cmd.caller.userId;
    await this.access.asMember(cmd.conversationId, userId);
    const others = (await this.memberIds(cmd.conversationId)).filter((id) => id !== userId);
    this.deliveries.enqueue(cmd.conversationId, async () => [
      { userIds: others, event: SERVER_EVENTS.typing, data: { conversationId: cmd.conversationId, userId, isTyping: cmd.isTyping } },
    ]);
    return {};
  }

  /**
   * The `conversation:new` pushes for `userIds` (default: every member), each with their own read state. Built
   * inside a ChatDeliveries.enqueue() of the conversation, so they leave in order with its other pushes.
   */
  async conversationNew(conversationId: string, userIds?: string[]): Promise<ChatDelivery[]> {
    const targets = userIds ?? (await this.memberIds(conversationId));
    const summaries: { userId: string; summary: ConversationSummary }[] = [];
    for (const userId of targets) {
      const summary = await this.conversations.summaryFor(conversationId, userId);
      if (summary) summaries.push({ userId, summary });
    }
    // Every target sees the same members: one profiles request for all of them, not one per member.
    const profiles = await this.users.profiles(summaries[0]?.summary.memberIds ?? []);
    const counts = await Promise.all(summaries.map(({ userId, summary }) => this.unreadMentions(userId, [summary])));
    return summaries.map(({ userId, summary }, i) => ({
      userIds: [userId],
      event: SERVER_EVENTS.conversationNew,
      data: conversationFromSummary(summary, profiles, counts[i].get(conversationId) ?? 0),
    }));
  }

  /**
   * Everyone in the conversation (pushes to it are addressed to its members). With `asOfSeq`, the seq of the
   * event being pushed, the answer comes from the membership cache (checked against the log up to that seq).
   */
  async memberIds(conversationId: string, asOfSeq?: number): Promise<string[]> {
    if (asOfSeq !== undefined) return this.membership.memberIds(conversationId, asOfSeq);
    return (await this.conversations.listMembers(conversationId)).map((m) => m.userId);
  }

  /** This process appended `seq`, which is no membership event (keeps the cache valid without a query). */
  appended(conversationId: string, seq: number): void {
    this.membership.advance(conversationId, seq);
  }

  private async viewFor(conversationId: string, userId: string): Promise<Conversation> {
    const summary = AnnouncementFeed.is(conversationId) ? await this.announcements.summary(userId) : await this.conversations.summaryFor(conversationId, userId);
    if (!summary) throw DomainError.notFound('Conversation');
    const [view] = await this.views(userId, [summary]);
    return view;
  }

  /** One profiles request for the whole page. Missed calls count as unread (only asked where something is unread at all). */
  private async views(userId: string, summaries: ConversationSummary[]): Promise<Conversation[]> {
    const [profiles, mentions, missed] = await Promise.all([
      this.users.profiles(summaries.flatMap((s) => s.memberIds)),
      this.unreadMentions(userId, summaries),
      Promise.all(summaries.map((s) => (s.conversation.lastSeq > s.lastReadSeq ? this.calls.countMissed(s.conversation.id, userId, s.lastReadSeq) : Promise.resolve(0)))),
    ]);
    return summaries.map((s, i) => conversationFromSummary({ ...s, unreadCount: s.unreadCount + (missed[i] ?? 0) }, profiles, mentions.get(s.conversation.id) ?? 0));
  }

  /** Counted from the read positions on the mentions index, like unreadCount: never stored. */
  private unreadMentions(userId: string, summaries: ConversationSummary[]): Promise<Map<string, number>> {
    return this.mentions.unreadCounts(userId, summaries.map((s) => ({ conversationId: s.conversation.id, lastReadSeq: s.lastReadSeq })));
  }
}
