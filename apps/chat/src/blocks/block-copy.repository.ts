/** One pair's block as the users service's event stated it; `seq` is the event's stream sequence (newer wins). */
export interface BlockCopyChange {
  blockerId: string;
  blockedId: string;
  blocked: boolean;
  seq: number;
}

/**
 * Port for chat's read copy of the users service's blocks (ADR 0019), fed by its block events. Applying is
 * idempotent and order-proof: a pair keeps the state of the highest seq it was given.
 */
export abstract class BlockCopyRepository {
  abstract apply(change: BlockCopyChange): Promise<void>;
  /** True when either user has blocked the other. */
  abstract between(a: string, b: string): Promise<boolean>;
}
