import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { ClientInfo } from '../common/client-info.dto.js';
import { PrivateProfile } from '../common/public-user.dto.js';
import { Caller, CallerField, ClientField } from '../common/session-ref.dto.js';
import { UuidRef } from '../common/id-ref.js';
import type { Role } from '../admin/roles.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Field rules shared by registration and profile updates. */
export function UsernameRules(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(3, 32)(target, key);
    Matches(USERNAME_PATTERN, { message: 'username may contain only letters, digits, "_", "." and "-"' })(target, key);
  };
}

export function EmailRules(): PropertyDecorator {
  return (target, key) => {
    IsEmail({}, { message: 'email must be a valid email address' })(target, key);
    MaxLength(254)(target, key);
  };
}

/** bcrypt reads only the first 72 bytes of a password: anything after them would not count. */
export const PASSWORD_MAX_BYTES = 72;

/**
 * At most 72 UTF-8 bytes (API.md: every byte counts, so longer passwords are refused with 400 instead of
 * being truncated by bcrypt, where a 72-byte prefix plus any suffix would log in).
 */
export function PasswordBytes(): PropertyDecorator {
  return ValidateBy({
    name: 'passwordBytes',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES,
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'password'} must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`,
    },
  });
}

export function PasswordRules(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(8, 128)(target, key);
    PasswordBytes()(target, key);
  };
}

// ---- HTTP bodies (validated by the gateway) ----

export class RegisterBody {
  @ApiProperty({ minLength: 3, maxLength: 32, pattern: USERNAME_PATTERN.source, example: 'alice' })
  @UsernameRules()
  username: string;

  @ApiProperty({ format: 'email', example: 'alice@example.com' })
  @EmailRules()
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'at most 72 bytes in UTF-8', example: 'correct horse battery' })
  @PasswordRules()
  password: string;
}

export class LoginBody {
  @ApiPropertyOptional({ description: 'username or email' })
  @ValidateIf((o: LoginBody) => o.username === undefined && o.email === undefined)
  @IsString()
  @IsNotEmpty({ message: 'one of login, username or email is required' })
  @MaxLength(254)
  login?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  username?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @PasswordBytes()
  password: string;
}

export class RefreshBody {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken: string;
}

export class ChangePasswordBody {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @PasswordBytes()
  currentPassword: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'at most 72 bytes in UTF-8' })
  @PasswordRules()
  newPassword: string;
}

// ---- NATS commands (validated again by the auth service) ----

export class RegisterCommand extends RegisterBody {
  @ClientField()
  client: ClientInfo;
}

export class LoginCommand extends LoginBody {
  @ClientField()
  client: ClientInfo;
}

export class RefreshCommand extends RefreshBody {
  @ClientField()
  client: ClientInfo;
}

export class SessionCommand {
  @CallerField()
  caller: Caller;
}

export class RevokeSessionCommand extends SessionCommand {
  @UuidRef()
  targetSessionId: string;
}

export class ChangePasswordCommand extends SessionCommand {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @PasswordBytes()
  currentPassword: string;

  @PasswordRules()
  newPassword: string;
}

export class ValidateSessionQuery {
  @IsUUID()
  userId: string;

  @IsUUID()
  sessionId: string;
}

// ---- Replies ----

export class AuthResult {
  @ApiProperty({ type: PrivateProfile }) user: PrivateProfile;
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'access token lifetime in seconds' }) expiresIn: number;
}

export class SessionView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastUsedAt: string;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty() current: boolean;
}

export class SessionList {
  @ApiProperty({ type: [SessionView] }) items: SessionView[];
}

export interface SessionValidity {
  valid: boolean;
}

/** Access-token claims. `sid` ties the token to a session so that revocation takes effect at once. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  /** The account's role when the token was issued; a role change revokes the sessions (so the claim never goes stale). */
  role?: Role;
  /** Set by the signer (expiresIn); the gateway refuses a token without it. */
  exp?: number;
}

export const SESSION_REVOKED_REASONS = ['logout', 'revoked', 'password_changed', 'refresh_reuse', 'account_disabled', 'role_changed'] as const;
export type SessionRevokedReason = (typeof SESSION_REVOKED_REASONS)[number];

/** Broadcast on core NATS so every gateway replica can disconnect the session's sockets. */
export interface SessionRevokedBroadcast {
  userId: string;
  sessionIds: string[];
  reason: SessionRevokedReason;
}

// ---- Account changes and lookups asked by other services (the users service) ----

/** Username/email change: auth owns their uniqueness (USERNAME_TAKEN / EMAIL_TAKEN). */
export class AuthUpdateAccountCommand extends SessionCommand {
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @UsernameRules()
  username?: string;

  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @EmailRules()
  email?: string;
}

export class GetAccountQuery {
  @IsUUID()
  userId: string;
}

/** What auth knows about an account, as far as other services may see it. */
export class AccountSummary {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() email: string;
  @ApiProperty() isEmailVerified: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ enum: ['user', 'moderator', 'admin'] }) role: Role;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: string | null;
  /**
   * Version of the account event written with this change (same as AccountEventPayload.version),
   * so a read copy can apply the reply now and ignore the event when it arrives. Null on lookups.
   */
  @ApiProperty({ type: String, nullable: true }) version: string | null;
}
