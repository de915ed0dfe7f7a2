/** One user's reaction with one emoji; `seq` is the reaction.added event that made it. */
export interface ReactionRecord {
  messageId: string;
  emoji: string;
  userId: string;
  seq: number;
  createdAt: Date;
}

export interface ReactionChange {
  messageId: string;
  emoji: string;
  userId: string;
  at: Date;
}

/** A message's reactions with one emoji: how many, and the latest users (newest first). */
export interface ReactionAggregate {
  emoji: string;
  count: number;
  userIds: string[];
}

export interface ReactionListQuery {
  emoji?: string;
  /** Exclusive: reactions made by events older than this seq. */
  beforeSeq?: number;
  limit: number;
}

/** The subject of a reaction's log events on MongoDB, and its state document's id. */
export const reactionKey = (messageId: string, emoji: string, userId: string) => `${messageId}:${emoji}:${userId}`;
