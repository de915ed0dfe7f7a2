/** A message.created event of the log waiting for the relay (docs/adr/0014). */
export interface LogOutboxEntry {
  /** The adapter's own position (row id, document id): what markPublished removes. */
  key: string;
  conversationId: string;
  seq: number;
  messageId: string;
  senderId: string;
  at: Date;
}

/**
 * Read side of the conversation log's outbox. The log itself writes an entry in the same atomic write as the
 * event (SqliteConversationLog.append, MongoConversationLog.insert); the relay reads and clears them.
 */
export abstract class LogOutboxRepository {
  /** Oldest first. */
  abstract pending(limit: number): Promise<LogOutboxEntry[]>;
  abstract markPublished(keys: string[]): Promise<void>;
}
