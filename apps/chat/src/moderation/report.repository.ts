import type { ReportResolution, ReportStatus } from '#contracts';
import type { TimeCursor } from '#common';
import type { ReportRecord } from './moderation.entity.js';

/** Reports of messages and users. At most one open report per reporter and target, enforced by the store. */
export abstract class ReportRepository {
  /** Stores an open report, or returns the reporter's report of that target that is still open. */
  abstract open(report: ReportRecord): Promise<ReportRecord>;
  abstract findById(id: string): Promise<ReportRecord | null>;
  /** Newest first by (createdAt, id); `before` is the last row of the previous page. */
  abstract list(status: ReportStatus | undefined, before: TimeCursor | null, limit: number): Promise<ReportRecord[]>;
  /** Marks an open report resolved; null when it is unknown or already resolved (of two resolutions, one wins). */
  abstract resolve(id: string, by: string, resolution: ReportResolution, at: Date): Promise<ReportRecord | null>;
}
