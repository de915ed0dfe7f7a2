import { Injectable } from '@nestjs/common';
import type { MessagePage, ThreadCommand } from '#contracts';
import { DomainError, pageLimit, paged } from '#common';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { MessageViews } from '../messages/message-views.js';
import { MessageRepository } from '../messages/message.repository.js';
import { ThreadRepository } from './thread.repository.js';

/** A root's thread: its replies, paged like history (they are not in the main history). */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly messages: MessageRepository,
    private readonly access: ConversationAccess,
    private readonly views: MessageViews,
  ) {}

  async replies(cmd: ThreadCommand): Promise<MessagePage> {
    const root = await this.messages.findById(cmd.messageId);
    if (!root) throw DomainError.notFound('Message');
    await this.access.asMember(root.conversationId, cmd.caller.userId);
    // A reply has no thread of its own (threads are one level deep).
    if (root.threadId !== null) throw DomainError.notFound('Message');
    const limit = pageLimit(cmd.limit);
    const range = { limit: limit + 1, ...(cmd.after !== undefined ? { after: cmd.after } : {}), ...(cmd.before !== undefined ? { before: cmd.before } : {}) };
    const page = paged(await this.threads.replies(root.conversationId, root.id, range), limit, (m) => String(m.seq));
    return { items: await this.views.current(root.conversationId, page.items), nextCursor: page.nextCursor };
  }
}
