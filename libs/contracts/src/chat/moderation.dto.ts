import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ReasonBody } from '../admin/admin.dto.js';
import { UuidRef } from '../common/id-ref.js';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import { ChatIdRef, ChatPageQuery, MessageTextRules, SeqPageQuery } from './chat.dto.js';

// Administration and moderation in the chat service (API.md "Administration and moderation", ADR 0016).

/** The id of the system conversation holding the announcements (the same on every installation). */
export const ANNOUNCEMENTS_CONVERSATION_ID = '00000000-0000-4000-8000-00000000a001';

/** Longest room mute: 30 days. */
export const MUTE_MAX_SECONDS = 30 * 86_400;

export const REPORT_REASONS = ['spam', 'abuse', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_RESOLUTIONS = ['dismissed', 'message_deleted', 'user_disabled'] as const;
export type ReportResolution = (typeof REPORT_RESOLUTIONS)[number];
export type ReportStatus = 'open' | 'resolved';

// ---- HTTP bodies and queries ----

export class AnnouncementBody {
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @MessageTextRules()
  message: string;
}

/** Exactly one of messageId and userId. */
export class ReportBody {
  @ApiPropertyOptional({ description: 'the reported message (exactly one of messageId and userId)' })
  @ValidateIf((o: ReportBody) => o.userId === undefined)
  @ChatIdRef()
  messageId?: string;

  @ApiPropertyOptional({ description: 'the reported user' })
  @ValidateIf((o: ReportBody) => o.messageId === undefined || o.userId !== undefined)
  @UuidRef()
  userId?: string;

  @ApiProperty({ enum: REPORT_REASONS })
  @IsIn(REPORT_REASONS)
  reason: ReportReason;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ReportsQuery extends ChatPageQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'default: every report' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: ReportStatus;
}

export class ResolveReportBody {
  @ApiProperty({ enum: REPORT_RESOLUTIONS, description: 'carried out: the message is deleted, or its sender / the reported user disabled' })
  @IsIn(REPORT_RESOLUTIONS)
  resolution: ReportResolution;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class MuteBody {
  @ApiProperty({ minimum: 1, maximum: MUTE_MAX_SECONDS, description: 'posting is refused (403 MUTED) for this long' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MUTE_MAX_SECONDS)
  durationSeconds: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

export class BanBody {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

// ---- NATS commands ----

export class ModerationDeleteCommand extends ReasonBody {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}

export class PostAnnouncementCommand extends AnnouncementBody {
  @CallerField() caller: Caller;
}

export class AnnouncementsCommand extends SeqPageQuery {
  @CallerField() caller: Caller;
}

export class CreateReportCommand extends ReportBody {
  @CallerField() caller: Caller;
}

export class ListReportsCommand extends ReportsQuery {
  @CallerField() caller: Caller;
}

export class ResolveReportCommand extends ResolveReportBody {
  @CallerField() caller: Caller;
  @ChatIdRef() reportId: string;
}

export class RoomMemberCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
  @UuidRef() userId: string;
}

export class MuteMemberCommand extends MuteBody {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
  @UuidRef() userId: string;
}

export class BanMemberCommand extends BanBody {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
  @UuidRef() userId: string;
}

// ---- Replies and pushes ----

export class ReportTarget {
  @ApiProperty({ enum: ['message', 'user'] }) type: 'message' | 'user';
  @ApiProperty() id: string;
}

export class Report {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'id of the reporting user' }) reporter: string;
  @ApiProperty({ type: ReportTarget }) target: ReportTarget;
  @ApiProperty({ enum: REPORT_REASONS }) reason: ReportReason;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ['open', 'resolved'] }) status: ReportStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true }) resolvedBy: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REPORT_RESOLUTIONS }) resolution: ReportResolution | null;
}

export class ReportReceipt {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status: ReportStatus;
}

export class ReportPage {
  @ApiProperty({ type: [Report] }) items: Report[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** `room:member-muted` push (and the mute route's reply). */
export class RoomMute {
  @ApiProperty() roomId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ format: 'date-time', description: 'posting is refused until then' }) until: string;
}

/** `room:member-banned` push. */
export class RoomBan {
  @ApiProperty() roomId: string;
  @ApiProperty() userId: string;
}
