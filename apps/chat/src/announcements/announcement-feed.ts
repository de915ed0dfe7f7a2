import { Injectable, Logger } from '@nestjs/common';
import { ANNOUNCEMENTS_CONVERSATION_ID, DEFAULT_NOTIFICATION_LEVEL } from '#contracts';
import type { ConversationRecord, ConversationSummary, MemberRecord } from '../conversations/conversation.entity.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { MessageRepository } from '../messages/message.repository.js';
import { AnnouncementReadRepository } from './announcement-read.repository.js';

/** Unread announcements counted per list request; more than this shows as this many. */
const UNREAD_COUNT_CAP = 1000;

/**
 * The announcements conversation as every user sees it (ADR 0016): one system conversation with its own seq and no
 * member rows. Every user is a virtual member of it; their read position is a row of its own, written on their
 * first read. It shows in every conversation list (first, on the first page) once it holds an announcement.
 */
@Injectable()
export class AnnouncementFeed {
  private readonly logger = new Logger(AnnouncementFeed.name);

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly reads: AnnouncementReadRepository,
  ) {}

  static is(conversationId: string): boolean {
    return conversationId === ANNOUNCEMENTS_CONVERSATION_ID;
  }

  /** The system conversation, created on first use (by whichever chat replica gets there first). */
  async ensure(): Promise<ConversationRecord> {
    const found = await this.conversations.findById(ANNOUNCEMENTS_CONVERSATION_ID);
    if (found) return found;
    const now = new Date();
    const record: ConversationRecord = {
      id: ANNOUNCEMENTS_CONVERSATION_ID,
      // Stored as a group without visibility (the conversations table's CHECK predates this type) and recognised
      // by its fixed id everywhere: never listed as a room, never a member row.
      type: 'group',
      pairKey: null,
      name: 'Announcements',
      description: '',
      visibility: null,
      createdBy: 'system',
      createdAt: now,
      lastSeq: 0,
      activityAt: now,
    };
    try {
      await this.conversations.createRoom(record, []);
    } catch (error) {
      // Another replica created it a moment ago: theirs is as good.
      const raced = await this.conversations.findById(ANNOUNCEMENTS_CONVERSATION_ID);
      if (raced) return raced;
      this.logger.error({ err: error }, 'announcements conversation not created');
      throw error;
    }
    return record;
  }

  /** The caller's membership: virtual, with their own read position. */
  async member(userId: string): Promise<MemberRecord> {
    return { conversationId: ANNOUNCEMENTS_CONVERSATION_ID, userId, role: 'member', joinedAt: new Date(0), lastReadSeq: await this.reads.lastRead(userId), notificationLevel: DEFAULT_NOTIFICATION_LEVEL };
  }

  /** Forward only, clamped to lastSeq (like a member's read position). */
  async markRead(userId: string, seq: number): Promise<{ lastReadSeq: number; moved: boolean }> {
    const conversation = await this.ensure();
    return this.reads.markRead(userId, Math.min(seq, conversation.lastSeq));
  }

  /** The user's list entry; null while there has never been an announcement. */
  async summary(userId: string): Promise<ConversationSummary | null> {
    const conversation = await this.conversations.findById(ANNOUNCEMENTS_CONVERSATION_ID);
    if (!conversation || conversation.lastSeq === 0) return null;
    const lastReadSeq = await this.reads.lastRead(userId);
    const [newest] = await this.messages.history(conversation.id, { limit: 1 });
    const unread = await this.messages.history(conversation.id, { after: lastReadSeq, limit: UNREAD_COUNT_CAP });
    return {
      conversation,
      memberIds: [],
      lastReadSeq,
      unreadCount: unread.filter((m) => m.deletedAt === null && m.senderId !== userId).length,
      lastMessage: newest ?? null,
      notificationLevel: DEFAULT_NOTIFICATION_LEVEL,
    };
  }
}
