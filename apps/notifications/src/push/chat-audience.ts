import { Injectable } from '@nestjs/common';
import { CHAT_NOTIFY_SUBJECTS, type NotificationAudience, type NotificationAudienceQuery } from '#contracts';
import { RpcClient } from '#common';

/**
 * Who should hear about a message, asked of chat at push time (docs/adr/0014). The one place that knows the chat
 * rpc: when chat's own audience reply (levels, mentions) replaces this one, only this class changes.
 */
@Injectable()
export class ChatAudience {
  constructor(private readonly rpc: RpcClient) {}

  of(messageId: string): Promise<NotificationAudience> {
    const query: NotificationAudienceQuery = { messageId };
    return this.rpc.request(CHAT_NOTIFY_SUBJECTS.notificationAudience, query);
  }
}
