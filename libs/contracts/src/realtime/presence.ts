// Presence (docs/adr/0006). Each gateway replica writes a lease `<userId>.<replicaId>` into the namespace's
// leases bucket once, when it gets that user's first socket, and deletes it with the last one; it also keeps
// its own heartbeat key `<replicaId>` alive in the replicas bucket (max age = the TTL) every TTL/3. A lease
// counts only while its replica's heartbeat does: the writes grow with connects and disconnects, not with time.
// The users service turns "has a lease on a live replica" into onlineStatus, garbage-collects the leases of
// dead replicas, and sends each change to the user's friends on USERS_BROADCASTS.presence (one copy per friend).

export const PRESENCE_TTL_SECONDS_DEFAULT = 21;

/** Users' leases: no max age (a lease lives as long as its replica's heartbeat). KV bucket names allow [A-Za-z0-9_-]. */
export function presenceLeasesBucketName(namespace: string): string {
  return `${namespace}_presence_leases`;
}

/** Gateway replicas' heartbeats: max age = the TTL, so a dead replica's key ages out. */
export function presenceReplicasBucketName(namespace: string): string {
  return `${namespace}_presence_replicas`;
}

export function presenceKey(userId: string, replicaId: string): string {
  return `${userId}.${replicaId}`;
}

/** Every lease of one user (KV filter). */
export function presenceKeysOf(userId: string): string {
  return `${userId}.*`;
}

/** Every lease one replica holds (KV filter). */
export function presenceKeysOfReplica(replicaId: string): string {
  return `*.${replicaId}`;
}

/** The user of a presence key, or undefined for a key that is not one. */
export function userOfPresenceKey(key: string): string | undefined {
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, dot) : undefined;
}

/** The replica of a presence key, or undefined for a key that is not one. */
export function replicaOfPresenceKey(key: string): string | undefined {
  const dot = key.indexOf('.');
  return dot > 0 && dot < key.length - 1 ? key.slice(dot + 1) : undefined;
}

/** The presence rule (ADR 0006): a user is live while any of their leases belongs to a live replica. */
export function holdsLiveLease(keys: Iterable<string>, isLiveReplica: (replicaId: string) => boolean): boolean {
  for (const key of keys) {
    const replicaId = replicaOfPresenceKey(key);
    if (replicaId && isLiveReplica(replicaId)) return true;
  }
  return false;
}

/**
 * The namespace's rate-limit KV bucket: token buckets per user/account/IP, shared by every gateway replica and
 * the auth service, so N replicas do not give a client N times its budget.
 */
export function rateLimitBucketName(namespace: string): string {
  return `${namespace}_ratelimits`;
}
