import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import type { CallRecord } from './call.entity.js';

/**
 * Port for calls. A conversation has at most one call that is not ended (its open call); the start and the end
 * of a call are events of the conversation log (call.started / call.ended), written with the call.
 */
export abstract class CallRepository {
  /**
   * Stores `call` (ringing, version 1) with its call.started event, unless the conversation already has an open
   * call: then nothing is written and that call is returned with `created: false`. NOT_FOUND for an unknown conversation.
   */
  abstract start(call: Omit<CallRecord, 'startedSeq'>): Promise<{ call: CallRecord; created: boolean }>;
  abstract findById(id: string): Promise<CallRecord | null>;
  /** Open calls (ringing or active) that the user is in now. */
  abstract openWith(userId: string): Promise<CallRecord[]>;
  /**
   * Replaces the call with `next` (an open state, version + 1) if its stored version is still `next.version - 1`;
   * false when another change came first (read again and decide again).
   */
  abstract update(next: CallRecord): Promise<boolean>;
  /** As update, for `next` in state ended, appending its call.ended event (endedSeq is set from it); null when another change came first. */
  abstract end(next: CallRecord): Promise<{ call: CallRecord; event: ChatEventRecord } | null>;
  /** Calls of the conversation that ended missed after `afterSeq` and were not placed by `userId` (they count as unread). */
  abstract countMissed(conversationId: string, userId: string, afterSeq: number): Promise<number>;
}
