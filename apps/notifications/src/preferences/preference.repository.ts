import type { NotificationPreferences } from '#contracts';

/** Until a user saves theirs: pushes on, no email. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { push: true, email: 'never' };

export abstract class PreferenceRepository {
  /** The user's saved preferences, or null (the defaults apply). */
  abstract get(userId: string): Promise<NotificationPreferences | null>;
  abstract put(userId: string, preferences: NotificationPreferences, at: Date): Promise<void>;
  /** Of `userIds`, those who turned pushes off. */
  abstract pushDisabled(userIds: string[]): Promise<Set<string>>;
}
