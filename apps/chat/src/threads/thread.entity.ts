/** A root's thread as computed from its live replies (never a stored counter). */
export interface ThreadSummaryRecord {
  replyCount: number;
  lastReplyAt: Date;
  /** Who replied, in the order of their first live reply (the service puts the root's sender first). */
  replierIds: string[];
}
