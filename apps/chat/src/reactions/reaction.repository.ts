import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import type { ReactionAggregate, ReactionChange, ReactionListQuery, ReactionRecord } from './reaction.entity.js';

/**
 * Port for reactions. Each change is an event of the message's conversation log (reaction.added /
 * reaction.removed) taking the next seq; the rows are the state, so counts always equal the rows.
 */
export abstract class ReactionRepository {
  /**
   * Stores the reaction with its reaction.added event; null (nothing written) when the user already reacted so.
   * NOT_FOUND for an unknown or deleted message; CONFLICT when the message already has the most distinct emoji.
   */
  abstract add(change: ReactionChange): Promise<ChatEventRecord | null>;
  /** Removes the reaction with its reaction.removed event; null when there was none. NOT_FOUND as for add. */
  abstract remove(change: ReactionChange): Promise<ChatEventRecord | null>;
  /** Per message id (of one conversation), its reactions by emoji, the first-used emoji first; messages without reactions are absent. */
  abstract summaries(conversationId: string, messageIds: string[]): Promise<Map<string, ReactionAggregate[]>>;
  /** Who reacted to a message, newest first. */
  abstract list(conversationId: string, messageId: string, query: ReactionListQuery): Promise<ReactionRecord[]>;
}
