import type { MessageRecord, SeqRange } from '../messages/message.entity.js';
import type { ThreadSummaryRecord } from './thread.entity.js';

/** Port for reading threads. Replies are messages with a threadId (stored by MessageRepository.append); both reads are index lookups on the root. */
export abstract class ThreadRepository {
  /** The summaries of the roots among `rootIds` that have live replies. */
  abstract summaries(conversationId: string, rootIds: string[]): Promise<Map<string, ThreadSummaryRecord>>;
  /** A root's replies (deleted ones too, blanked, as in history): with `after` oldest first, otherwise newest first. */
  abstract replies(conversationId: string, rootId: string, range: SeqRange): Promise<MessageRecord[]>;
}
