import { ApiProperty } from '@nestjs/swagger';
import { type Role, ROLES } from '../admin/roles.js';

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
  @ApiProperty({ enum: ROLES, description: 'user, moderator or admin (README "Administration")' }) role: Role;
}
