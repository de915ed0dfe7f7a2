import { ApiProperty } from '@nestjs/swagger';
import { SESSION_REVOKED_REASONS, type SessionRevokedReason } from '../auth/auth.dto.js';
import { type OnlineStatus, PublicUser } from '../common/public-user.dto.js';

// Payloads of the socket events that only the socket has (REST has no route answering them). They are
// classes so that their @ApiProperty rules give the AsyncAPI document its schemas (realtime.event-specs.ts).

/** The `presence` push: a friend's presence changed. */
export class PresenceView {
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ['online', 'offline'] }) onlineStatus: OnlineStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSeenAt: string | null;
}

/** The `friend:request`, `friend:accepted` and `friend:removed` pushes: the other user. */
export class FriendChange {
  @ApiProperty({ type: PublicUser }) user: PublicUser;
}

/** The `session:revoked` push, sent right before the server disconnects the socket. */
export class SessionEnded {
  @ApiProperty({ enum: SESSION_REVOKED_REASONS }) reason: SessionRevokedReason;
}

/** `data` of a successful `message:delete` acknowledgement. */
export class MessageDeletedAck {
  @ApiProperty() id: string;
}
