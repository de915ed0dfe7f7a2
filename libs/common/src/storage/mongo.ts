/**
 * MongoDB reports a unique violation as code 11000. Returns what names the clashing index: its key pattern's
 * fields joined by commas when the error carries `keyPattern`, else the index name from the E11000 message
 * (`… index: senderId_1_clientMsgId_1 dup key: …`), whose default form contains every field name too — some
 * paths (findAndModify's "Plan executor error", older servers, wire servers) report no keyPattern, and callers
 * match fields with `includes`, so either answer maps a clash to its 409. 'unknown' when neither is there.
 */
export function mongoUniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 11000) return undefined;
  const { keyPattern, message } = error as { keyPattern?: Record<string, unknown>; message?: unknown };
  if (keyPattern && Object.keys(keyPattern).length > 0) return Object.keys(keyPattern).join(',');
  const index = typeof message === 'string' ? /\bindex: (\S+)/.exec(message)?.[1] : undefined;
  return index ?? 'unknown';
}

export function mongoDbName(prefix: string, service: string): string {
  return `${prefix}_${service}`;
}

/** Short server selection so a missing MongoDB fails fast instead of hanging start-up or tests. */
export const MONGO_CONNECT_OPTIONS = { serverSelectionTimeoutMS: 5000 } as const;
