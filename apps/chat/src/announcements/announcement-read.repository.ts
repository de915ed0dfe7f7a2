/**
 * Each user's read position in the announcements conversation: a row only for users who have read something,
 * created lazily on their first read (everyone else is at 0), so the system conversation needs no member rows.
 */
export abstract class AnnouncementReadRepository {
  abstract lastRead(userId: string): Promise<number>;
  /** Moves the position forward to `seq`, never back; returns the position after the call and whether it moved. */
  abstract markRead(userId: string, seq: number): Promise<{ lastReadSeq: number; moved: boolean }>;
}
