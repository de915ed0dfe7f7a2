import { Injectable } from '@nestjs/common';
import type { Message, QuotedMessage, SyncEvent, ThreadSummary } from '#contracts';
import { DomainError } from '#common';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { MentionRepository } from '../mentions/mention.repository.js';
import { PinRepository } from '../pins/pin.repository.js';
import { ThreadRepository } from '../threads/thread.repository.js';
import type { ThreadSummaryRecord } from '../threads/thread.entity.js';
import { messageFromRecord, syncEventFromRecord } from '../conversations/chat-replies.mapper.js';
import { ReactionRepository } from '../reactions/reaction.repository.js';
import type { ChatEventRecord, MessageRecord } from './message.entity.js';
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
    private readonly mentions: MentionRepository,
    private readonly threads: ThreadRepository,
  ) {}

  /** The messages of one conversation with their current reactions, pin, quote and attachments; deleted messages keep none of them. */
  async current(conversationId: string, records: MessageRecord[]): Promise<Message[]> {
    return this.attachments.withAttachments(await this.withoutAttachments(conversationId, records));
  }

  private async withoutAttachments(conversationId: string, records: MessageRecord[]): Promise<Message[]> {
    const live = records.filter((m) => m.deletedAt === null);
    if (live.length === 0) return records.map(messageFromRecord);
    const ids = live.map((m) => m.id);
    const [reactions, pins, quotes, mentions, threads] = await Promise.all([
      this.reactions.summaries(conversationId, ids),
      this.pins.forMessages(conversationId, ids),
      this.quotes(live),
      this.mentions.forMessages(ids),
      this.threads.summaries(conversationId, live.filter((m) => m.threadId === null).map((m) => m.id)),
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
        mentions: mentions.get(m.id) ?? [],
        thread: threadView(m, threads.get(m.id)),
      };
    });
  }

  /**
   * Log events as the sync log shows them: a message snapshot carries its quote and mentions as they are now (like
   * history). Reactions, pin and thread summary stay out of snapshots (`[]`, null, null): their own events follow in
   * the log (reaction.*, message.pinned/unpinned, and each reply's message.created / message.deleted with its threadId),
   * so a client that replays them counts each change exactly once.
   */
  async syncEvents(records: ChatEventRecord[]): Promise<SyncEvent[]> {
    const live = records.flatMap((e) => (e.message && e.message.deletedAt === null ? [e.message] : []));
    const [quotes, mentions] = await Promise.all([this.quotes(live), this.mentions.forMessages([...new Set(live.map((m) => m.id))])]);
    return records.map((e) => {
      const event = syncEventFromRecord(e);
      if (!event.message || !e.message || e.message.deletedAt !== null) return event;
      const { replyToId, id } = e.message;
      return { ...event, message: { ...event.message, replyTo: replyToId ? (quotes.get(replyToId) ?? null) : null, mentions: mentions.get(id) ?? [] } };
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

/** The root's sender takes part in its thread from the start; null for a message without live replies. */
function threadView(root: MessageRecord, summary: ThreadSummaryRecord | undefined): ThreadSummary | null {
  if (!summary) return null;
  const participantIds = [root.senderId, ...summary.replierIds.filter((id) => id !== root.senderId)];
  return { replyCount: summary.replyCount, lastReplyAt: summary.lastReplyAt.toISOString(), participantIds };
}

/** A list cursor that is the seq of the last item of the previous page. */
export function seqCursor(cursor: string): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw DomainError.validation([{ field: 'cursor', message: 'cursor must be a nextCursor of this list' }]);
  return seq;
}
