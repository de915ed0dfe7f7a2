import { Injectable } from '@nestjs/common';
import { type MessagePage, type SearchCommand } from '#contracts';
import { pageLimit, paged } from '#common';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { messageFromRecord } from '../conversations/chat-replies.mapper.js';
import { MessageSearchRepository } from './message-search.repository.js';
import { wordsOf } from './search-tokens.js';

/** A query of more words than this is cut: each word narrows the result, the rest adds nothing useful. */
const MAX_WORDS = 16;

/** The query's words (see wordsOf: the same tokenizer as the stored side), at most MAX_WORDS. */
export function searchWords(q: string): string[] {
  return wordsOf(q).slice(0, MAX_WORDS);
}

@Injectable()
export class SearchService {
  constructor(
    private readonly search: MessageSearchRepository,
    private readonly access: ConversationAccess,
    private readonly attachments: AttachmentsService,
  ) {}

  async find(cmd: SearchCommand): Promise<MessagePage> {
    if (cmd.conversationId !== undefined) await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    const limit = pageLimit(cmd.limit);
    const rows = await this.search.search({
      userId: cmd.caller.userId,
      words: searchWords(cmd.q),
      conversationId: cmd.conversationId ?? null,
      beforeId: cmd.cursor ?? null,
      limit: limit + 1,
    });
    const page = paged(rows, limit, (m) => m.id);
    return { items: await this.attachments.withAttachments(page.items.map(messageFromRecord)), nextCursor: page.nextCursor };
  }
}
