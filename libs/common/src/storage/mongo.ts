/** MongoDB reports a unique violation as code 11000 with the index's key pattern. */
export function mongoUniqueViolation(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000) {
    const keyPattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern;
    return keyPattern ? Object.keys(keyPattern).join(',') : 'unknown';
  }
  return undefined;
}

export function mongoDbName(prefix: string, service: string): string {
  return `${prefix}_${service}`;
}

/** Short server selection so a missing MongoDB fails fast instead of hanging start-up or tests. */
export const MONGO_CONNECT_OPTIONS = { serverSelectionTimeoutMS: 5000 } as const;
