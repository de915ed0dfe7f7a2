/** Room mutes and bans (ADR 0016): who may not post until when, who may not come back. */
export abstract class RoomSanctionRepository {
  /** Sets (or replaces) the member's mute in the room. */
  abstract mute(roomId: string, userId: string, until: Date, by: string): Promise<void>;
  /** When the mute ends, or null when not muted (an expired mute is returned as it is: the caller compares). */
  abstract mutedUntil(roomId: string, userId: string): Promise<Date | null>;
  /** True when this call banned the user (false: already banned). */
  abstract ban(roomId: string, userId: string, by: string, at: Date): Promise<boolean>;
  abstract isBanned(roomId: string, userId: string): Promise<boolean>;
}
