import { ApiProperty } from '@nestjs/swagger';

export type OnlineStatus = 'online' | 'offline';

export class PublicUser {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl: string | null;
  @ApiProperty() bio: string;
  @ApiProperty({ enum: ['online', 'offline'] }) onlineStatus: OnlineStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSeenAt: string | null;
}

export class PrivateProfile extends PublicUser {
  @ApiProperty() email: string;
  @ApiProperty() isEmailVerified: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: string | null;
  @ApiProperty() friendCount: number;
}
