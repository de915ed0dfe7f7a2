import { type OnlineStatus, replicaOfPresenceKey, userOfPresenceKey } from '#contracts';

/**
 * Splits the leases of the presence bucket (`<userId>.<replicaId>`): the users that hold at least one lease on a
 * live replica, and per replica that is not live, the keys of its leases (to confirm dead and delete).
 */
export function partitionLeases(keys: Iterable<string>, isLiveReplica: (replicaId: string) => boolean): { live: Set<string>; stale: Map<string, string[]> } {
  const live = new Set<string>();
  const stale = new Map<string, string[]>();
  for (const key of keys) {
    const userId = userOfPresenceKey(key);
    const replicaId = replicaOfPresenceKey(key);
    if (!userId || !replicaId) continue;
    if (isLiveReplica(replicaId)) live.add(userId);
    else {
      const keysOfReplica = stale.get(replicaId) ?? [];
      keysOfReplica.push(key);
      stale.set(replicaId, keysOfReplica);
    }
  }
  return { live, stale };
}

/** The status a user should have: online while any live replica holds a lease for them. */
export function statusFor(live: boolean): OnlineStatus {
  return live ? 'online' : 'offline';
}

/**
 * What a full sweep must correct: profiles marked online without a live lease (a check that lost a race or
 * failed), and live users not marked online (a watch event that was missed, e.g. while this service restarted).
 */
export function sweepCorrections(markedOnline: Iterable<string>, live: ReadonlySet<string>): { toOffline: string[]; toOnline: string[] } {
  const online = new Set(markedOnline);
  return {
    toOffline: [...online].filter((id) => !live.has(id)),
    toOnline: [...live].filter((id) => !online.has(id)),
  };
}
