import type { PushSubscriptionRecord } from './push-subscription.entity.js';

export abstract class PushSubscriptionRepository {
  /**
   * Stores the subscription unless its endpoint is stored already; then the stored one (its id, its createdAt)
   * gets this owner and these keys. Afterwards the owner keeps only their `keep` newest subscriptions.
   * Returns the subscription's id.
   */
  abstract save(subscription: PushSubscriptionRecord, keep: number): Promise<string>;
  /** Newest first. */
  abstract listByUser(userId: string): Promise<PushSubscriptionRecord[]>;
  /** Every subscription of any of `userIds`, in one read (a message's recipients; order unspecified). */
  abstract listByUsers(userIds: readonly string[]): Promise<PushSubscriptionRecord[]>;
  /** Removes the subscription if `userId` owns it (or whoever owns it when userId is null). */
  abstract remove(id: string, userId: string | null): Promise<boolean>;
  abstract markSuccess(id: string, at: Date): Promise<void>;
}
