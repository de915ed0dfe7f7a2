import type { ConversationRepository } from './conversation.repository.js';

/** Conversations whose member lists are kept; the least recently used one goes first beyond this. */
export const MEMBERSHIP_CACHE_MAX = 10_000;

interface Entry {
  memberIds: string[];
  /** The list reflects every event of the conversation's log up to this seq. */
  seq: number;
}

/**
 * Member ids per conversation for addressing deliveries, so a message does not reload its conversation's
 * member list. Invalidated by the conversation log (every join and leave is a `member.*` event with its seq):
 * an entry valid up to seq C answers for an event at seq S after checking that no membership event lies in
 * (C, S] — the check is skipped for the seqs this process saw itself append as non-membership events
 * (`advance`), so a steady stream of messages costs no query. Changes written by another chat replica are
 * caught by that check too, since they are in the shared log.
 */
export class MembershipCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly conversations: ConversationRepository) {}

  /** The conversation's members as of its event `seq` (longest-standing first). */
  async memberIds(conversationId: string, seq: number): Promise<string[]> {
    const entry = this.entries.get(conversationId);
    if (entry && (entry.seq >= seq || !(await this.conversations.membershipChanged(conversationId, entry.seq, seq)))) {
      entry.seq = Math.max(entry.seq, seq);
      this.touch(conversationId, entry);
      return entry.memberIds;
    }
    // Read after `seq` was committed, so the list holds every change up to it (and maybe later ones, which the
    // next check finds again: a harmless reload).
    const memberIds = (await this.conversations.listMembers(conversationId)).map((m) => m.userId);
    this.touch(conversationId, { memberIds, seq });
    return memberIds;
  }

  /** This process appended `seq`, an event that changes no membership: an entry valid up to seq - 1 stays valid. */
  advance(conversationId: string, seq: number): void {
    const entry = this.entries.get(conversationId);
    if (entry && entry.seq === seq - 1) entry.seq = seq;
  }

  private touch(conversationId: string, entry: Entry): void {
    this.entries.delete(conversationId);
    this.entries.set(conversationId, entry);
    if (this.entries.size > MEMBERSHIP_CACHE_MAX) this.entries.delete(this.entries.keys().next().value as string);
  }
}
