import type { MessageRecord } from '../messages/message.entity.js';

export interface SearchFilter {
  userId: string;
  /** Every word must occur in the message (whole words, case- and accent-insensitive). */
  words: string[];
  conversationId: string | null;
  /** Messages with a smaller id (newest first). */
  beforeId: string | null;
  limit: number;
}

/** Full-text search over the messages of the conversations the user is a member of; deleted messages never match. */
export abstract class MessageSearchRepository {
  abstract search(filter: SearchFilter): Promise<MessageRecord[]>;
}
