import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { UsernameRules } from '../auth/auth.dto.js';
import { UuidRef } from '../common/id-ref.js';
import { PublicUser } from '../common/public-user.dto.js';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import { PageQuery } from '../users/users.dto.js';
import { type Role, ROLES } from './roles.js';

// ---- HTTP bodies and queries of /api/admin (validated by the gateway) ----

export class AdminUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'prefix of the username or email, case-insensitive', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  search?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

/** Why a moderator acts: kept in the audit log. */
export class ReasonBody {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class SetRoleBody {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class AuditQuery extends PageQuery {}

// ---- NATS commands (validated again by the auth service) ----

export class ListAccountsCommand extends AdminUsersQuery {
  @CallerField()
  caller: Caller;
}

export class AccountTargetCommand {
  @CallerField()
  caller: Caller;

  @UuidRef()
  userId: string;
}

export class DisableAccountCommand extends AccountTargetCommand {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class SetRoleCommand extends AccountTargetCommand {
  @IsIn(ROLES)
  role: Role;
}

/**
 * `npm run admin -- grant|revoke <username> <role>` over NATS: no caller, since the operator acts from the
 * machine, not from a session. Only processes on the (internal) bus can send it.
 */
export class GrantRoleCommand {
  @UsernameRules()
  username: string;

  @IsIn(ROLES)
  role: Role;

  @IsIn(['grant', 'revoke'])
  action: 'grant' | 'revoke';
}

export const AUDIT_ACTIONS = [
  'role.changed',
  'account.disabled',
  'account.enabled',
  'message.deleted',
  'report.resolved',
  'announcement.posted',
  'room.member.muted',
  'room.member.banned',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['user', 'message', 'report', 'room'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export class AuditTarget {
  @ApiProperty({ enum: AUDIT_TARGET_TYPES })
  @IsIn(AUDIT_TARGET_TYPES)
  type: AuditTargetType;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;
}

/** Another service (chat) records a moderation action it carried out. `actorId` is the acting user. */
export class RecordAuditCommand {
  @UuidRef()
  actorId: string;

  @IsIn(AUDIT_ACTIONS)
  action: AuditAction;

  @IsIn(AUDIT_TARGET_TYPES)
  targetType: AuditTargetType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  targetId: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class AuditListCommand extends AuditQuery {
  @CallerField()
  caller: Caller;
}

// ---- Replies ----

export class AdminAccount extends PublicUser {
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  /** Always present here (PublicUser shows it only on a disabled account). */
  @ApiProperty({ required: true, description: 'whether the account is disabled' }) override disabled: boolean = false;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: string | null;
}

export class AdminAccountPage {
  @ApiProperty({ type: [AdminAccount] }) items: AdminAccount[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AuditEntry {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'id of the user who acted' }) actor: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ type: AuditTarget }) target: AuditTarget;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntry] }) items: AuditEntry[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The reply of the CLI's grant/revoke: the account's role now. */
export interface RoleGrantResult {
  userId: string;
  username: string;
  role: Role;
}
