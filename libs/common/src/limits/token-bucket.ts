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

export type TakeResult = { allowed: true; next: BucketState } | { allowed: false; retryAfterMs: number };

/** Token bucket: refill since the last take (capped at the limit), then take one token or say when one will be there. */
export function takeToken(budget: Budget, state: BucketState | undefined, now: number): TakeResult {
  const perMs = budget.limit / (budget.windowSeconds * 1000);
  const elapsed = state ? Math.max(0, now - state.at) : 0;
  const tokens = state ? Math.min(budget.limit, state.tokens + elapsed * perMs) : budget.limit;
  if (tokens >= 1) return { allowed: true, next: { tokens: tokens - 1, at: now } };
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((1 - tokens) / perMs)) };
}
