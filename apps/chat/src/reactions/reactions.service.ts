import { Injectable } from '@nestjs/common';
import {
  type EmptyReply,
  type ReactCommand,
  type ReactionAction,
  type ReactionPage,
  type ReactionsCommand,
  SERVER_EVENTS,
} from '#contracts';
import { DomainError, pageLimit, paged } from '#common';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MessageRepository } from '../messages/message.repository.js';
import { seqCursor } from '../messages/message-views.js';
import { ReactionRepository } from './reaction.repository.js';

@Injectable()
export class ReactionsService {
  constructor(
    private readonly reactions: ReactionRepository,
    private readonly messages: MessageRepository,
    private readonly access: ConversationAccess,
    private readonly conversationViews: ConversationsService,
    private readonly users: UsersDirectory,
    private readonly deliveries: ChatDeliveries,
  ) {}

  add(cmd: ReactCommand): Promise<EmptyReply> {
    return this.change(cmd, 'added');
  }

  remove(cmd: ReactCommand): Promise<EmptyReply> {
    return this.change(cmd, 'removed');
  }

  /** Who reacted, newest first; the cursor is the seq of the last reaction of the page. */
  async list(cmd: ReactionsCommand): Promise<ReactionPage> {
    const message = await this.messages.findById(cmd.messageId);
    if (!message) throw DomainError.notFound('Message');
    await this.access.asMember(message.conversationId, cmd.caller.userId);
    const limit = pageLimit(cmd.limit);
    const beforeSeq = cmd.cursor === undefined || cmd.cursor === '' ? undefined : seqCursor(cmd.cursor);
    const rows = await this.reactions.list(message.conversationId, message.id, {
      limit: limit + 1,
      ...(cmd.emoji !== undefined ? { emoji: cmd.emoji } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    const page = paged(rows, limit, (r) => String(r.seq));
    const profiles = await this.users.profiles(new Set(page.items.map((r) => r.userId)));
    // Users the users service no longer knows (deleted accounts) are left out, as in member lists.
    const items = page.items.flatMap((r) => {
      const user = profiles.get(r.userId);
      return user ? [{ user, emoji: r.emoji, createdAt: r.createdAt.toISOString() }] : [];
    });
    return { items, nextCursor: page.nextCursor };
  }

  private async change(cmd: ReactCommand, action: ReactionAction): Promise<EmptyReply> {
    const userId = cmd.caller.userId;
    const message = await this.messages.findById(cmd.messageId);
    if (!message) throw DomainError.notFound('Message');
    await this.access.asMember(message.conversationId, userId);
    if (message.deletedAt) throw DomainError.notFound('Message');
    const change = { messageId: message.id, emoji: cmd.emoji, userId, at: new Date() };
    const event = action === 'added' ? await this.reactions.add(change) : await this.reactions.remove(change);
    // Idempotent: a repeat changed nothing, took no seq and tells nobody.
    if (event) {
      const data = { conversationId: message.conversationId, seq: event.seq, messageId: message.id, emoji: cmd.emoji, userId, action };
      this.deliveries.enqueue(message.conversationId, async () => [
        { userIds: await this.conversationViews.memberIds(message.conversationId), event: SERVER_EVENTS.messageReaction, data },
      ]);
    }
    return {};
  }
}
