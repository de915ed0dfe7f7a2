import type { OnlineStatus } from '#contracts';
import type { AccountSnapshot, Profile, ProfileChanges, ProfileSearch } from './profile.entity.js';

/** Port for profiles: the users service's own fields plus the read copy of auth's account identity. */
export abstract class ProfileRepository {
  /**
   * Creates the profile if absent, else overwrites the account fields only if `account.version` is newer
   * than the stored one (atomic compare). Returns true when something was written.
   */
  abstract applyAccount(account: AccountSnapshot, at: Date): Promise<boolean>;
  abstract findById(id: string): Promise<Profile | null>;
  /** Existing profiles among `ids`, in no particular order. */
  abstract findByIds(ids: string[]): Promise<Profile[]>;
  /** Returns the updated profile, or null if unknown. */
  abstract updateFields(id: string, changes: ProfileChanges, at: Date): Promise<Profile | null>;
  /**
   * Enabled profiles whose username or display name starts with the prefix (folded), ordered by
   * (usernameKey, id), via the indexes on both keys.
   */
  abstract search(query: ProfileSearch): Promise<Profile[]>;
  /**
   * Presence transition: sets onlineStatus and lastSeenAt = `at` only if the status differs (atomic compare),
   * so of several users replicas seeing the same change exactly one gets the profile back and announces it.
   * Null when nothing changed or the profile is unknown.
   */
  abstract setPresence(id: string, status: OnlineStatus, at: Date): Promise<Profile | null>;
  /** Ids of the profiles marked online (the presence sweep checks each against the leases). */
  abstract listOnlineIds(): Promise<string[]>;
}
