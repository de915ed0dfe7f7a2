import type { TimeCursor } from '#common';
import type { AuditRecord } from './audit.entity.js';

/** Append-only port: there is no update and no delete. */
export abstract class AuditRepository {
  abstract append(record: AuditRecord): Promise<void>;
  /** Newest first, ordered by (at, id) descending; `before` is the last row of the previous page. */
  abstract list(before: TimeCursor | null, limit: number): Promise<AuditRecord[]>;
}
