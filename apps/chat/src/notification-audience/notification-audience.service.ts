import { Injectable } from '@nestjs/common';
import type { AudienceMember, NotificationAudience, NotificationAudienceQuery } from '#contracts';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MessageRepository } from '../messages/message.repository.js';

/**
 * What the notifications service needs to decide whom to push a message to, read now (not when the message was
 * sent): a push must not go out for a message deleted or read meanwhile. Levels and mentions: every member is at
 * `all` and nobody is mentioned until per-conversation levels and mentions exist in chat; a direct message counts
 * as a mention (API.md "Notifications"). The notifications service already applies both rules.
 */
@Injectable()
export class NotificationAudienceService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly conversations: ConversationRepository,
    private readonly directory: UsersDirectory,
  ) {}

  async audience({ messageId }: NotificationAudienceQuery): Promise<NotificationAudience> {
    const message = await this.messages.findById(messageId);
    const conversation = message ? await this.conversations.findById(message.conversationId) : null;
    if (!message || !conversation || message.deletedAt) return { message: null, conversationType: conversation?.type ?? 'group', recipients: [] };
    const [members, profiles] = await Promise.all([this.conversations.listMembers(conversation.id), this.directory.profiles([message.senderId])]);
    const direct = conversation.type === 'direct';
    const recipients: AudienceMember[] = members
      .filter((member) => member.userId !== message.senderId)
      .map((member) => ({ userId: member.userId, lastReadSeq: member.lastReadSeq, level: 'all', mentioned: direct }));
    const sender = profiles.get(message.senderId);
    return {
      message: {
        id: message.id,
        conversationId: conversation.id,
        seq: message.seq,
        senderId: message.senderId,
        senderName: sender?.displayName ?? sender?.username ?? 'Someone',
        content: message.content,
      },
      conversationType: conversation.type,
      recipients,
    };
  }
}
