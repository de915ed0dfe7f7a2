import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ANNOUNCEMENTS_CONVERSATION_ID, type AnnouncementsCommand, type Message, type MessagePage, type PostAnnouncementCommand, SERVER_EVENTS } from '#contracts';
import { newId, requireRole } from '#common';
import { messageFromRecord } from '../conversations/chat-replies.mapper.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { MessageRepository } from '../messages/message.repository.js';
import { MessagesService } from '../messages/messages.service.js';
import { ChatAudit } from '../moderation/chat-audit.js';
import { AnnouncementFeed } from './announcement-feed.js';

/**
 * Broadcast messages (issue 14): an admin posts a `kind: "announcement"` message to the system conversation, and
 * ONE core-NATS broadcast makes every gateway replica emit it to all of its sockets (ADR 0016), instead of one
 * delivery per user. A client that missed it catches up through the conversation's sync log like any other.
 */
@Injectable()
export class AnnouncementsService implements OnApplicationBootstrap {
  constructor(
    private readonly feed: AnnouncementFeed,
    private readonly messages: MessageRepository,
    private readonly history: MessagesService,
    private readonly deliveries: ChatDeliveries,
    private readonly audit: ChatAudit,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.feed.ensure();
  }

  async post(cmd: PostAnnouncementCommand): Promise<Message> {
    requireRole(cmd.caller, 'admin');
    await this.feed.ensure();
    const { message } = await this.messages.append({
      id: newId(),
      conversationId: ANNOUNCEMENTS_CONVERSATION_ID,
      senderId: cmd.caller.userId,
      content: cmd.message,
      clientMsgId: null,
      createdAt: new Date(),
    });
    const view = messageFromRecord(message);
    this.deliveries.enqueueToEveryone(ANNOUNCEMENTS_CONVERSATION_ID, { event: SERVER_EVENTS.messageNew, data: view });
    await this.audit.record(cmd.caller.userId, 'announcement.posted', { type: 'message', id: message.id }, null);
    return view;
  }

  /** GET /api/chat/announcements: the broadcast history, paged like any conversation's. */
  list(cmd: AnnouncementsCommand): Promise<MessagePage> {
    return this.history.history({ ...cmd, conversationId: ANNOUNCEMENTS_CONVERSATION_ID });
  }
}
