import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import type { PinChange, PinRecord } from './pin.entity.js';

/** Port for pins: each change is a message.pinned / message.unpinned event of the conversation log with the next seq. */
export abstract class PinRepository {
  /** Pins with its event; null (nothing written) when already pinned. NOT_FOUND for an unknown or deleted message. */
  abstract pin(change: PinChange): Promise<ChatEventRecord | null>;
  /** Unpins with its event; null when not pinned. NOT_FOUND as for pin. */
  abstract unpin(change: PinChange): Promise<ChatEventRecord | null>;
  /** The pins among these messages of one conversation, by message id. */
  abstract forMessages(conversationId: string, messageIds: string[]): Promise<Map<string, PinRecord>>;
  /** A conversation's pins, latest pin first; `beforeSeq` is exclusive. */
  abstract list(conversationId: string, range: { beforeSeq?: number; limit: number }): Promise<PinRecord[]>;
}
