/** What happened to one push of one message to one subscription (docs/adr/0014). */
export type PushDeliveryState = 'sending' | 'sent' | 'gone' | 'failed';

/**
 * The idempotency records of pushes: one per (message, subscription). claim() is written before the request to
 * the push service and settle() after it; a record in any state means the push is never attempted again.
 */
export abstract class PushDeliveryRepository {
  /** Records the attempt; false if one was recorded already (by this process earlier, a replica, or before a crash). */
  abstract claim(messageId: string, subscriptionId: string, at: Date): Promise<boolean>;
  abstract settle(messageId: string, subscriptionId: string, state: Exclude<PushDeliveryState, 'sending'>, at: Date): Promise<void>;
  /** Drops a claim whose push no push service accepted (interrupted by a shutdown), so it is tried again. */
  abstract release(messageId: string, subscriptionId: string): Promise<void>;
  abstract state(messageId: string, subscriptionId: string): Promise<PushDeliveryState | null>;
  /** Forgets records older than `before` (their events are long acknowledged); returns how many. */
  abstract prune(before: Date): Promise<number>;
}
