import type { PublicUser } from '#contracts';
import type { Profile } from './profile.entity.js';

export function publicUserOf(profile: Profile): PublicUser {
  return {
    id: profile.id,
    username: profile.username,
    displayName: profile.displayName ?? profile.username,
    avatarUrl: profile.avatarUrl,
    bio: profile.bio,
    onlineStatus: profile.onlineStatus,
    lastSeenAt: profile.lastSeenAt?.toISOString() ?? null,
    // Only a disabled account carries the marker, so every other profile's shape is unchanged.
    ...(profile.disabled ? { disabled: true } : {}),
  };
}
