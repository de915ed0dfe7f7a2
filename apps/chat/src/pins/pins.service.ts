import { Injectable } from '@nestjs/common';
import { type EmptyReply, ErrorCode, type MessagePage, type PinCommand, type PinsCommand, SERVER_EVENTS } from '#contracts';
import { DomainError, pageLimit, paged } from '#common';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { MessageViews, seqCursor } from '../messages/message-views.js';
import { MessageRepository } from '../messages/message.repository.js';
import { canPin } from '../rooms/room-rules.js';
import { PinRepository } from './pin.repository.js';

@Injectable()
export class PinsService {
  constructor(
    private readonly pins: PinRepository,
    private readonly messages: MessageRepository,
    private readonly access: ConversationAccess,
    private readonly views: MessageViews,
    private readonly conversationViews: ConversationsService,
    private readonly deliveries: ChatDeliveries,
  ) {}

  pin(cmd: PinCommand): Promise<EmptyReply> {
    return this.change(cmd, true);
  }

  unpin(cmd: PinCommand): Promise<EmptyReply> {
    return this.change(cmd, false);
  }

  /** Pinned messages, latest pin first; the cursor is the seq of the last pin of the page. */
  async list(cmd: PinsCommand): Promise<MessagePage> {
    await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    const limit = pageLimit(cmd.limit);
    const beforeSeq = cmd.cursor === undefined || cmd.cursor === '' ? undefined : seqCursor(cmd.cursor);
    const rows = await this.pins.list(cmd.conversationId, { limit: limit + 1, ...(beforeSeq !== undefined ? { beforeSeq } : {}) });
    const page = paged(rows, limit, (p) => String(p.seq));
    const records = await Promise.all(page.items.map((p) => this.messages.findById(p.messageId)));
    const items = records.flatMap((m) => (m ? [m] : []));
    return { items: await this.views.current(cmd.conversationId, items), nextCursor: page.nextCursor };
  }

  private async change(cmd: PinCommand, pinned: boolean): Promise<EmptyReply> {
    const userId = cmd.caller.userId;
    const message = await this.messages.findById(cmd.messageId);
    if (!message) throw DomainError.notFound('Message');
    const { conversation, member } = await this.access.asMember(message.conversationId, userId);
    if (message.deletedAt) throw DomainError.notFound('Message');
    if (!canPin(member, conversation.type)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a room owner or admin can pin messages');
    const change = { messageId: message.id, userId, at: new Date() };
    const event = pinned ? await this.pins.pin(change) : await this.pins.unpin(change);
    // Idempotent: a repeat changed nothing, took no seq and tells nobody.
    if (event) {
      const data = { conversationId: message.conversationId, seq: event.seq, messageId: message.id, userId, pinned };
      this.deliveries.enqueue(message.conversationId, async () => [
        { userIds: await this.conversationViews.memberIds(message.conversationId), event: SERVER_EVENTS.messagePinned, data },
      ]);
    }
    return {};
  }
}
