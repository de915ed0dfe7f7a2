import type { PresenceView } from './realtime.views.js';

// Presence. Each gateway replica writes `<userId>.<replicaId>` into the namespace's presence KV bucket while
// it holds at least one socket of that user and refreshes it every TTL/3; the bucket's max age is the TTL,
// so the keys of a replica that died age out. The users service turns "has a live key" into onlineStatus
// and broadcasts changes on USERS_BROADCASTS.presence.

export interface PresenceBroadcast {
  userIds: string[];
  data: PresenceView;
}

export const PRESENCE_TTL_SECONDS_DEFAULT = 21;

/** KV bucket names allow [A-Za-z0-9_-], which a namespace is made of. */
export function presenceBucketName(namespace: string): string {
  return `${namespace}_presence`;
}

export function presenceKey(userId: string, replicaId: string): string {
  return `${userId}.${replicaId}`;
}

/** Every key of one user (KV filter). */
export function presenceKeysOf(userId: string): string {
  return `${userId}.*`;
}

/** The user of a presence key, or undefined for a key that is not one. */
export function userOfPresenceKey(key: string): string | undefined {
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, dot) : undefined;
}

/**
 * The namespace's rate-limit KV bucket: token buckets per user/account/IP, shared by every gateway replica and
 * the auth service, so N replicas do not give a client N times its budget.
 */
export function rateLimitBucketName(namespace: string): string {
  return `${namespace}_ratelimits`;
}
