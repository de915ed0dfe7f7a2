import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  /**
   * Present, and true, only on a disabled account (README "Administration"): its messages stay, and where chat names
   * it (conversation and room members, reactions) the profile says so. Such an account is 404 and hidden from search.
   */
  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true when the account is disabled by a moderator (absent otherwise). Shown only where another user already holds the id (conversation and room members, reactions, friends, blocks); a disabled account is 404 and hidden from search.',
  })
  disabled?: boolean;
}

export class PrivateProfile extends PublicUser {
  @ApiProperty() email: string;
  @ApiProperty() isEmailVerified: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: string | null;
  @ApiProperty() friendCount: number;
  @ApiProperty({ enum: ROLES, description: 'user, moderator or admin (README "Administration")' }) role: Role;
}
