import { Injectable } from '@nestjs/common';
import type { Message } from '#contracts';
import { DomainError } from '#common';
import { PinRepository } from '../pins/pin.repository.js';
import { ReactionRepository } from '../reactions/reaction.repository.js';

/** Messages as they are now: the stored record plus what other events changed since (reactions, pin). */
@Injectable()
export class MessageViews {
  constructor(
    private readonly reactions: ReactionRepository,
    private readonly pins: PinRepository,
  ) {}

  /** The messages of one conversation with their current reactions and pin; deleted messages keep neither. */
  async current(conversationId: string, views: Message[]): Promise<Message[]> {
    const live = views.filter((m) => m.deletedAt === null).map((m) => m.id);
    if (live.length === 0) return views;
    const [reactions, pins] = await Promise.all([this.reactions.summaries(conversationId, live), this.pins.forMessages(conversationId, live)]);
    return views.map((m) => {
      const pin = pins.get(m.id);
      return { ...m, reactions: reactions.get(m.id) ?? [], pinnedAt: pin?.pinnedAt.toISOString() ?? null, pinnedBy: pin?.pinnedBy ?? null };
    });
  }
}

/** A list cursor that is the seq of the last item of the previous page. */
export function seqCursor(cursor: string): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw DomainError.validation([{ field: 'cursor', message: 'cursor must be a nextCursor of this list' }]);
  return seq;
}
