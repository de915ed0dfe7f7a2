import { Injectable } from '@nestjs/common';
import type { Message, QuotedMessage } from '#contracts';
import { DomainError } from '#common';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { PinRepository } from '../pins/pin.repository.js';
import { messageFromRecord } from '../conversations/chat-replies.mapper.js';
import { ReactionRepository } from '../reactions/reaction.repository.js';
import type { MessageRecord } from './message.entity.js';
import { MessageRepository } from './message.repository.js';

/** A quote shows this many code points of the original (API.md). */
export const QUOTE_LENGTH = 200;

/** Messages as they are now: the stored record plus what other events changed since (reactions, pin, the quoted original). */
@Injectable()
export class MessageViews {
  constructor(
    private readonly reactions: ReactionRepository,
    private readonly pins: PinRepository,
    private readonly messages: MessageRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  /** The messages of one conversation with their current reactions, pin, quote and attachments; deleted messages keep none of them. */
  async current(conversationId: string, records: MessageRecord[]): Promise<Message[]> {
    return this.attachments.withAttachments(await this.withoutAttachments(conversationId, records));
  }

  private async withoutAttachments(conversationId: string, records: MessageRecord[]): Promise<Message[]> {
    const live = records.filter((m) => m.deletedAt === null);
    if (live.length === 0) return records.map(messageFromRecord);
    const ids = live.map((m) => m.id);
    const [reactions, pins, quotes] = await Promise.all([
      this.reactions.summaries(conversationId, ids),
      this.pins.forMessages(conversationId, ids),
      this.quotes(live),
    ]);
    return records.map((m) => {
      if (m.deletedAt !== null) return messageFromRecord(m);
      const pin = pins.get(m.id);
      return {
        ...messageFromRecord(m),
        reactions: reactions.get(m.id) ?? [],
        pinnedAt: pin?.pinnedAt.toISOString() ?? null,
        pinnedBy: pin?.pinnedBy ?? null,
        replyTo: m.replyToId ? (quotes.get(m.replyToId) ?? null) : null,
      };
    });
  }

  /** The originals quoted by these messages, as they are now (an edit or delete of the original shows). */
  private async quotes(records: MessageRecord[]): Promise<Map<string, QuotedMessage>> {
    const ids = [...new Set(records.flatMap((m) => (m.replyToId ? [m.replyToId] : [])))];
    const originals = await Promise.all(ids.map((id) => this.messages.findById(id)));
    return new Map(
      originals.flatMap((o) =>
        o ? [[o.id, { id: o.id, senderId: o.senderId, content: Array.from(o.content).slice(0, QUOTE_LENGTH).join(''), deletedAt: o.deletedAt?.toISOString() ?? null }]] : [],
      ),
    );
  }
}

/** A list cursor that is the seq of the last item of the previous page. */
export function seqCursor(cursor: string): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw DomainError.validation([{ field: 'cursor', message: 'cursor must be a nextCursor of this list' }]);
  return seq;
}
