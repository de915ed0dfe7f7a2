import type { OnlineStatus } from '#contracts';

export interface Profile {
  id: string;
  username: string;
  email: string;
  /** Null until the user sets one; shown as the username. */
  displayName: string | null;
  bio: string;
  avatarUrl: string | null;
  onlineStatus: OnlineStatus;
  lastSeenAt: Date | null;
  disabled: boolean;
  createdAt: Date;
  accountVersion: string;
  updatedAt: Date;
}

/** Auth's view of an account, as carried by its events (or a lookup, with version ''). */
export interface AccountSnapshot {
  id: string;
  username: string;
  email: string;
  disabled: boolean;
  createdAt: Date;
  version: string;
}

export type ProfileChanges = Partial<Pick<Profile, 'displayName' | 'bio' | 'avatarUrl'>>;

export interface ProfileSearch {
  /** Folded prefix (see searchKey); '' matches everyone. */
  prefix: string;
  /** Keyset position: results come strictly after it in (usernameKey, id) order. */
  after: { key: string; id: string } | null;
  limit: number;
  excludeIds: string[];
}

/** Case-insensitive search and sort key; both adapters compare it bytewise. */
export function searchKey(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/** Upper bound of a prefix range: every string starting with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
