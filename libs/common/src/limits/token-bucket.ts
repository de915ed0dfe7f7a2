/** A budget: `limit` actions per `windowSeconds`, refilled continuously; a full bucket allows a burst of `limit`. */
export interface Budget {
  limit: number;
  windowSeconds: number;
}

/** Stored state of one bucket: tokens left at time `at` (ms since the epoch). */
export interface BucketState {
  tokens: number;
  at: number;
}

export type TakeResult = { allowed: true; next: BucketState; granted: number } | { allowed: false; retryAfterMs: number };

/**
 * Token bucket: refill since the last take (capped at the limit), then take up to `wanted` tokens — at least one,
 * as many as there are whole tokens — or say when one will be there.
 */
export function takeToken(budget: Budget, state: BucketState | undefined, now: number, wanted = 1): TakeResult {
  const perMs = budget.limit / (budget.windowSeconds * 1000);
  const elapsed = state ? Math.max(0, now - state.at) : 0;
  const tokens = state ? Math.min(budget.limit, state.tokens + elapsed * perMs) : budget.limit;
  if (tokens >= 1) {
    const granted = Math.max(1, Math.min(wanted, Math.floor(tokens)));
    return { allowed: true, next: { tokens: tokens - granted, at: now }, granted };
  }
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((1 - tokens) / perMs)) };
}
