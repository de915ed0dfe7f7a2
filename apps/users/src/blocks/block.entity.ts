export interface Block {
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}

/**
 * A block or unblock call whose pair's stored state may not have reached chat's read copy yet (ADR 0019): marked
 * before the call writes, cleared once a state read after its write was published. One mark per call (`token`), not
 * per pair: a call that finished cannot clear the mark of another call on the same pair that has not written yet.
 */
export interface UnpublishedBlockChange {
  blockerId: string;
  blockedId: string;
  token: string;
  since: Date;
}
