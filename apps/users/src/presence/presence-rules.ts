import { type OnlineStatus, userOfPresenceKey } from '#contracts';

/** The users that hold at least one live lease, from the keys of the presence bucket (`<userId>.<replicaId>`). */
export function liveUsersOf(keys: Iterable<string>): Set<string> {
  const users = new Set<string>();
  for (const key of keys) {
    const userId = userOfPresenceKey(key);
    if (userId) users.add(userId);
  }
  return users;
}

/** The status a user should have: online while any replica holds a lease for them. */
export function statusFor(live: boolean): OnlineStatus {
  return live ? 'online' : 'offline';
}

/**
 * What a sweep must correct: profiles marked online without a live lease (their replica died and the
 * leases aged out — NATS 2.9 sends no event for that), and live users not marked online (a watch event
 * that was missed, e.g. while this service restarted).
 */
export function sweepCorrections(markedOnline: Iterable<string>, live: ReadonlySet<string>): { toOffline: string[]; toOnline: string[] } {
  const online = new Set(markedOnline);
  return {
    toOffline: [...online].filter((id) => !live.has(id)),
    toOnline: [...live].filter((id) => !online.has(id)),
  };
}
