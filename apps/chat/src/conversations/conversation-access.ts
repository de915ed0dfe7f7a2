import { Injectable } from '@nestjs/common';
import { ErrorCode } from '#contracts';
import { DomainError } from '#common';
import { AnnouncementFeed } from '../announcements/announcement-feed.js';
import { UsersDirectory } from '../directory/users-directory.js';
import type { ConversationRecord, MemberRecord } from './conversation.entity.js';
import { ConversationRepository } from './conversation.repository.js';

export const notAMember = () => new DomainError(ErrorCode.NOT_A_MEMBER, 'You are not a member of this conversation');

/** Who may see and write what: the access rules shared by every chat use case. */
@Injectable()
export class ConversationAccess {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly users: UsersDirectory,
    private readonly announcements: AnnouncementFeed,
  ) {}

  /** The conversation and the caller's membership: 404 if unknown (or a private room of others), 403 if not a member. */
  async asMember(conversationId: string, userId: string): Promise<{ conversation: ConversationRecord; member: MemberRecord }> {
    const { conversation, member } = await this.visible(conversationId, userId);
    if (!member) throw notAMember();
    return { conversation, member };
  }

  /** A room as the caller may see it: 404 for unknown ids, direct conversations and other people's private rooms. */
  async room(roomId: string, userId: string): Promise<{ conversation: ConversationRecord; member: MemberRecord | null }> {
    const found = await this.visible(roomId, userId);
    if (found.conversation.type !== 'group' || AnnouncementFeed.is(roomId)) throw DomainError.notFound('Room');
    return found;
  }

  /** Direct conversations only: 403 BLOCKED when either user blocked the other. */
  async assertCanWrite(conversation: ConversationRecord, senderId: string): Promise<void> {
    if (AnnouncementFeed.is(conversation.id)) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Announcements are posted by admins (POST /api/admin/announcements)');
    }
    if (conversation.type !== 'direct' || conversation.pairKey === null) return;
    const other = conversation.pairKey.split(':').find((id) => id !== senderId) ?? senderId;
    await this.assertNotBlocked(senderId, other);
  }

  async assertNotBlocked(userA: string, userB: string): Promise<void> {
    if (await this.users.isBlocked(userA, userB)) {
      throw new DomainError(ErrorCode.BLOCKED, 'Messages between these users are blocked');
    }
  }

  private async visible(conversationId: string, userId: string) {
    const conversation = await this.conversations.findById(conversationId);
    if (!conversation) throw DomainError.notFound('Conversation');
    // Everyone is a (virtual) member of the announcements conversation, with a read position of their own.
    const member = AnnouncementFeed.is(conversation.id) ? await this.announcements.member(userId) : await this.conversations.findMember(conversationId, userId);
    // A private room does not admit to existing for outsiders.
    if (!member && conversation.type === 'group' && conversation.visibility === 'private') {
      throw DomainError.notFound('Conversation');
    }
    return { conversation, member };
  }
}
