import type { AppendResult, ChangeResult, ChatEventRecord, MessageRecord, NewMessage, SeqRange } from './message.entity.js';

/**
 * Port for messages and the sync log. Each change takes the next seq of its conversation and stores
 * its event atomically; (senderId, clientMsgId) is unique.
 */
export abstract class MessageRepository {
  /** Stores the message as the next seq with its message.created event, or returns the original for a repeated clientMsgId. */
  abstract append(message: NewMessage): Promise<AppendResult>;
  abstract findById(id: string): Promise<MessageRecord | null>;
  /** The message a sender already stored under this idempotency key, if any. */
  abstract findByClientMsgId(senderId: string, clientMsgId: string): Promise<MessageRecord | null>;
  /** Replaces the content and appends message.edited; null if the message is unknown or deleted. */
  abstract edit(id: string, content: string, by: string, at: Date): Promise<ChangeResult | null>;
  /** Blanks the content (also in earlier events), sets deletedAt, appends message.deleted; null if unknown or already deleted. */
  abstract delete(id: string, by: string, at: Date): Promise<ChangeResult | null>;
  /** With `after`: oldest first; otherwise newest first. Bounds are exclusive. */
  abstract history(conversationId: string, range: SeqRange): Promise<MessageRecord[]>;
  /** Events with seq > after, in order, without gaps. */
  abstract events(conversationId: string, after: number, limit: number): Promise<ChatEventRecord[]>;
}
