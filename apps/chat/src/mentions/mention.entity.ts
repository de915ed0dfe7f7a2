/** One member mentioned by one message; `seq` and `createdAt` are the message's (unread counts and the mentions list). */
export interface MentionRecord {
  messageId: string;
  conversationId: string;
  userId: string;
  seq: number;
  createdAt: Date;
}

/** The message whose mentions are stored. */
export type MentioningMessage = Pick<MentionRecord, 'messageId' | 'conversationId' | 'seq' | 'createdAt'>;

/** A member's read position in one conversation. */
export interface ReadPositionRef {
  conversationId: string;
  lastReadSeq: number;
}

/** Keyset position in a user's mentions list (newest first). */
export interface MentionCursor {
  createdAt: Date;
  messageId: string;
}
