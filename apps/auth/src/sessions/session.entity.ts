import type { SessionRevokedReason } from '#contracts';

/** One login on one device. Only a hash of its current refresh token is kept. */
export interface Session {
  id: string;
  userId: string;
  refreshHash: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
  revokeReason: SessionRevokedReason | null;
}
