import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { EmailRules, SessionCommand, USERNAME_PATTERN, UsernameRules } from '../auth/auth.dto.js';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../common/paging.js';
import { PublicUser } from '../common/public-user.dto.js';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import { UuidRef } from '../common/id-ref.js';
import { AvatarPath } from '../media/media.dto.js';

/** `undefined` means "not sent"; `null` is a value that the other rules then reject. */
const isSent = (_: object, value: unknown) => value !== undefined;

// ---- HTTP bodies and queries (validated by the gateway) ----

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class UserSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'prefix of the username or display name, case-insensitive', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  search?: string;
}

export class UpdateProfileBody {
  @ApiPropertyOptional({ minLength: 3, maxLength: 32, pattern: USERNAME_PATTERN.source })
  @ValidateIf(isSent)
  @UsernameRules()
  username?: string;

  @ApiPropertyOptional({ format: 'email' })
  @ValidateIf(isSent)
  @EmailRules()
  email?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @ValidateIf(isSent)
  @IsString()
  @Length(1, 64)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf(isSent)
  @IsString()
  @MaxLength(500)
  bio?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: 2048, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'avatarUrl must be an http(s) URL' })
  avatarUrl?: string | null;
}

export class FriendBody {
  @ApiProperty({ format: 'uuid' })
  @UuidRef()
  friendId: string;
}

export class BlockBody {
  @ApiProperty({ format: 'uuid' })
  @UuidRef()
  userId: string;
}

// ---- NATS commands and queries (validated again by the users service) ----

export class UpdateProfileCommand extends UpdateProfileBody {
  @CallerField()
  caller: Caller;
}

export class SearchUsersQuery extends UserSearchQuery {
  @CallerField()
  caller: Caller;
}

export class CallerPageQuery extends PageQuery {
  @CallerField()
  caller: Caller;
}

/** The caller acting on a friend (request, remove). */
export class FriendCommand extends SessionCommand {
  @UuidRef()
  friendId: string;
}

/** The caller acting on or asking about another user (get profile, accept, decline, block, unblock). */
export class TargetUserCommand extends SessionCommand {
  @UuidRef()
  userId: string;
}

// ---- Replies ----

export class PublicUserPage {
  @ApiProperty({ type: [PublicUser] }) items: PublicUser[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class Friend extends PublicUser {
  @ApiProperty({ format: 'date-time', description: 'when the friendship began' }) since: string;
}

export class FriendPage {
  @ApiProperty({ type: [Friend] }) items: Friend[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class FriendRequestView {
  @ApiProperty({ type: PublicUser }) user: PublicUser;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class FriendRequests {
  @ApiProperty({ type: [FriendRequestView] }) incoming: FriendRequestView[];
  @ApiProperty({ type: [FriendRequestView] }) outgoing: FriendRequestView[];
}

export type FriendStatusValue = 'pending' | 'accepted';

export class FriendStatus {
  @ApiProperty({ enum: ['pending', 'accepted'] }) status: FriendStatusValue;
}

// ---- Broadcasts (core NATS, consumed by the real-time gateway) ----

export type FriendEventName = 'friend:request' | 'friend:accepted' | 'friend:removed';

/** To one user (the subject names them): a friend request, acceptance or removal that concerns them. */
export interface FriendBroadcast {
  event: FriendEventName;
  /** The other user: the one who asked, accepted or ended it. */
  user: PublicUser;
}

/** users.profile.set-avatar: a path media serves publicly (not a user-given URL, hence its own rule). */
export class SetAvatarCommand extends AvatarPath {
  @CallerField()
  caller: Caller;
}
