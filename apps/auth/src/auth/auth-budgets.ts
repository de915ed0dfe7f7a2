import type { RateLimitOptions } from '#common';
import type { AuthEnv } from '../auth.env.js';

/**
 * Per-account budgets, counted here rather than at the gateway: only auth knows that a username and an
 * email name the same account. Shared with every replica through the rate-limit KV bucket.
 */
export const AUTH_BUDGETS = { login: 'login-account', password: 'password-account', mail: 'mail-address' } as const;

export function authRateLimits(env: AuthEnv): RateLimitOptions {
  const budget = { limit: env.RATE_LIMIT_AUTH_PER_ACCOUNT, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS };
  // Mails asked for one address (password/forgot by anyone, verify-request by its owner): keyed by the lowercased address.
  const mail = { limit: env.RATE_LIMIT_MAIL_PER_ADDRESS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS };
  return {
    store: env.RATE_LIMIT_STORE,
    budgets: { [AUTH_BUDGETS.login]: budget, [AUTH_BUDGETS.password]: budget, [AUTH_BUDGETS.mail]: mail },
  };
}
