export interface Block {
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}

/**
 * A pair whose stored state may not have reached chat's read copy yet (ADR 0019): marked before a block or unblock
 * writes, cleared once the state read after the write was published. `token` names the call that marked it, so a
 * call clears only its own mark, never a later call's.
 */
export interface UnpublishedBlockChange {
  blockerId: string;
  blockedId: string;
  token: string;
  since: Date;
}
