import type { ReportReason, ReportResolution, ReportStatus } from '#contracts';

export interface ReportRecord {
  id: string;
  reporterId: string;
  targetType: 'message' | 'user';
  targetId: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  createdAt: Date;
  resolvedBy: string | null;
  resolution: ReportResolution | null;
  resolvedAt: Date | null;
}
