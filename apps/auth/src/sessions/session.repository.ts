import type { SessionRevokedReason } from '#contracts';
import type { Session } from './session.entity.js';

export abstract class SessionRepository {
  abstract create(session: Session): Promise<void>;
  abstract findById(id: string): Promise<Session | null>;
  /**
   * Compare-and-swap of the refresh hash: succeeds only while the session is live and still holds
   * `expectedHash`, so of two concurrent uses of one token exactly one wins.
   */
  abstract rotateRefresh(id: string, expectedHash: string, newHash: string, at: Date): Promise<boolean>;
  /** Returns true when this call revoked a live session. */
  abstract revoke(id: string, reason: SessionRevokedReason, at: Date): Promise<boolean>;
  /** Revokes every live session of the user except `keepId`; returns the ids it revoked. */
  abstract revokeAllForUser(userId: string, keepId: string | null, reason: SessionRevokedReason, at: Date): Promise<string[]>;
  /** Live sessions, most recently used first. */
  abstract listActive(userId: string): Promise<Session[]>;
  /** Moves lastUsedAt forward to `at` if it is older than `olderThan` (cheap, rate-limited bookkeeping). */
  abstract touch(id: string, at: Date, olderThan: Date): Promise<void>;
}
