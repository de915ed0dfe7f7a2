import type { MentionCursor, MentioningMessage, MentionRecord, ReadPositionRef } from './mention.entity.js';

/**
 * Port for mentions: who a message mentions, resolved when it is stored or edited (MentionsService), kept as one row
 * per (message, user) so that unread mention counts and the mentions list are index lookups, never content scans.
 */
export abstract class MentionRepository {
  /** Replaces the message's mentions with `userIds` (an edit re-resolves them; [] forgets them). */
  abstract replace(message: MentioningMessage, userIds: string[]): Promise<void>;
  /** The users each of these messages mentions, by message id (messages without mentions are absent). */
  abstract forMessages(messageIds: string[]): Promise<Map<string, string[]>>;
  /** Per conversation, the user's mentions after their read position. */
  abstract unreadCounts(userId: string, positions: ReadPositionRef[]): Promise<Map<string, number>>;
  /** The user's mentions, newest first; `before` is exclusive. */
  abstract listForUser(userId: string, range: { before?: MentionCursor; limit: number }): Promise<MentionRecord[]>;
}
