import { Injectable } from '@nestjs/common';
import type { MessageAudience, MessageAudienceQuery, NotificationLevelReply, SetNotificationLevelCommand } from '#contracts';
import { DomainError } from '#common';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { MentionRepository } from '../mentions/mention.repository.js';
import { MessageRepository } from '../messages/message.repository.js';
import { ThreadRepository } from '../threads/thread.repository.js';

/** Per member and conversation: what they want to hear about, and who should hear about a message (for the notifications service). */
@Injectable()
export class NotificationLevelsService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly access: ConversationAccess,
    private readonly mentions: MentionRepository,
    private readonly threads: ThreadRepository,
  ) {}

  async set(cmd: SetNotificationLevelCommand): Promise<NotificationLevelReply> {
    await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    // A member who left between the check and the write: as if they had not been one.
    if (!(await this.conversations.setNotificationLevel(cmd.conversationId, cmd.caller.userId, cmd.level))) throw DomainError.notFound('Conversation');
    return { level: cmd.level };
  }

  /** Read at the time of the call: a member who read the message or changed their level since it was sent shows it. */
  async audience(query: MessageAudienceQuery): Promise<MessageAudience> {
    const message = await this.messages.findById(query.messageId);
    if (!message) throw DomainError.notFound('Message');
    const [conversation, members, mentions] = await Promise.all([
      this.conversations.findById(message.conversationId),
      this.conversations.listMembers(message.conversationId),
      this.mentions.forMessages([message.id]),
    ]);
    const mentioned = new Set(mentions.get(message.id) ?? []);
    const following = message.threadId ? await this.threadFollowers(message.conversationId, message.threadId) : null;
    if (!conversation) throw DomainError.notFound('Message');
    return {
      messageId: message.id,
      conversationId: message.conversationId,
      conversationType: conversation.type,
      seq: message.seq,
      senderId: message.senderId,
      content: message.content,
      threadId: message.threadId,
      deletedAt: message.deletedAt?.toISOString() ?? null,
      members: members
        .filter((m) => m.userId !== message.senderId)
        .map((m) => ({
          userId: m.userId,
          level: m.notificationLevel,
          lastReadSeq: m.lastReadSeq,
          mentioned: mentioned.has(m.userId),
          countsAsUnread: following === null || following.has(m.userId) || mentioned.has(m.userId),
        })),
    };
  }

  /** The unread rule's thread participants (ADR 0017): the root's sender and whoever has a live reply in it. */
  private async threadFollowers(conversationId: string, rootId: string): Promise<Set<string>> {
    const [root, summaries] = await Promise.all([this.messages.findById(rootId), this.threads.summaries(conversationId, [rootId])]);
    return new Set([...(root ? [root.senderId] : []), ...(summaries.get(rootId)?.replierIds ?? [])]);
  }
}
