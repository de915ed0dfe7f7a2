import { Injectable } from '@nestjs/common';
import { CHAT_SUBJECTS, ErrorCode, USERS_SUBJECTS, type MessageAudience, type NotificationAudience } from '#contracts';
import { DomainError, RpcClient } from '#common';

/**
 * Who should hear about a message, asked of chat at push time (docs/adr/0014): chat's audience (levels, read
 * positions, mentions), and the sender's display name from users — asked only when a push will go out, since
 * most messages reach nobody's push subscription. The one place that knows those rpcs.
 */
@Injectable()
export class ChatAudience {
  constructor(private readonly rpc: RpcClient) {}

  async of(messageId: string): Promise<NotificationAudience> {
    let audience: MessageAudience;
    try {
      audience = await this.rpc.request(CHAT_SUBJECTS.messageAudience, { messageId });
    } catch (error) {
      // Gone since it was sent: nothing to notify.
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return { message: null, conversationType: 'group', recipients: [] };
      throw error;
    }
    if (audience.deletedAt) return { message: null, conversationType: audience.conversationType, recipients: [] };
    const direct = audience.conversationType === 'direct';
    return {
      message: {
        id: audience.messageId,
        conversationId: audience.conversationId,
        seq: audience.seq,
        senderId: audience.senderId,
        content: audience.content,
      },
      conversationType: audience.conversationType,
      // A direct message counts as a mention (API.md "Notifications": the `mentions` level still hears it).
      recipients: audience.members.map((m) => ({ userId: m.userId, lastReadSeq: m.lastReadSeq, level: m.level, mentioned: m.mentioned || direct })),
    };
  }

  /** The name a push shows for the sender. */
  async senderName(senderId: string): Promise<string> {
    const [sender] = await this.rpc.request(USERS_SUBJECTS.profilesByIds, { ids: [senderId] });
    return sender?.displayName ?? sender?.username ?? 'Someone';
  }
}
