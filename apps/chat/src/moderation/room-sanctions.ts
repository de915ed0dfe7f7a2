import { Injectable } from '@nestjs/common';
import { ErrorCode } from '#contracts';
import { DomainError } from '#common';
import { RoomSanctionRepository } from './room-sanction.repository.js';

/** The checks room mutes and bans impose on posting and joining (used by messages and rooms). */
@Injectable()
export class RoomSanctions {
  constructor(private readonly sanctions: RoomSanctionRepository) {}

  /** 403 MUTED while a mute runs: the end is in the message (REST `detail`) and in `details.until` (socket acks). */
  async assertNotMuted(roomId: string, userId: string): Promise<void> {
    const until = await this.sanctions.mutedUntil(roomId, userId);
    if (until && until.getTime() > Date.now()) {
      throw new DomainError(ErrorCode.MUTED, `You are muted in this room until ${until.toISOString()}`, { until: until.toISOString() });
    }
  }

  /** 403 BANNED: a banned user cannot join again nor be added back. */
  async assertNotBanned(roomId: string, userId: string): Promise<void> {
    if (await this.sanctions.isBanned(roomId, userId)) throw new DomainError(ErrorCode.BANNED, 'This user is banned from this room');
  }
}
