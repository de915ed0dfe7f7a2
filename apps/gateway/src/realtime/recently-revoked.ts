import type { SessionRevokedReason } from '#contracts';

/**
 * Session ids this replica heard revoked in the last `windowMs`. A handshake checks its session with auth and
 * only then joins the session's room, so a revocation broadcast that lands in between reaches no socket of
 * that handshake (docs/adr/0006). Remembering the ids for longer than that check can take (its RPC deadline)
 * closes the gap: the handshake looks here after the check and again when it joins its rooms.
 *
 * Ids go in with a constant window, so the oldest entries are the first to expire and pruning from the front
 * is enough: the map holds at most the revocations of one window.
 */
export class RecentlyRevoked {
  private readonly entries = new Map<string, { until: number; reason: SessionRevokedReason }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(sessionIds: readonly string[], reason: SessionRevokedReason): void {
    const now = this.now();
    this.prune(now);
    for (const id of sessionIds) {
      // Re-inserted at the back, so the map stays ordered by expiry.
      this.entries.delete(id);
      this.entries.set(id, { until: now + this.windowMs, reason });
    }
  }

  /** Why the session was revoked, if it was within the window. */
  reasonOf(sessionId: string): SessionRevokedReason | undefined {
    const entry = this.entries.get(sessionId);
    return entry && entry.until > this.now() ? entry.reason : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [id, { until }] of this.entries) {
      if (until > now) return;
      this.entries.delete(id);
    }
  }
}
