import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AnnouncementBody,
  type Caller,
  CHAT_SUBJECTS,
  Message,
  MessagePage,
  ReasonBody,
  Report,
  ReportPage,
  ReportsQuery,
  ResolveReportBody,
  SeqPageQuery,
} from '#contracts';
import { RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { RequireRole } from './required-role.js';

/** Moderation of content and announcements under /api/admin (README "Administration"). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class ModerationController {
  constructor(private readonly rpc: RpcClient) {}

  @Delete('messages/:id')
  @HttpCode(204)
  @RequireRole('moderator')
  @ApiOperation({
    summary: 'Delete any message, like a sender’s delete (message:deleted to the members, in the sync log); the reason goes to the audit log',
    description: 'Requires role: moderator or admin.',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async deleteMessage(@CurrentCaller() caller: Caller, @Param('id') messageId: string, @Body() body: ReasonBody): Promise<void> {
    await this.rpc.request(CHAT_SUBJECTS.moderateDelete, { ...body, messageId, caller });
  }

  @Post('announcements')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Post an announcement: a message of kind "announcement" that every connected user receives live (message:new)',
    description: 'Requires role: admin.',
  })
  @ApiCreatedResponse({ type: Message })
  @ApiProblems(400, 401, 403, 413)
  postAnnouncement(@CurrentCaller() caller: Caller, @Body() body: AnnouncementBody): Promise<Message> {
    return this.rpc.request(CHAT_SUBJECTS.postAnnouncement, { ...body, caller });
  }

  @Get('reports')
  @RequireRole('moderator')
  @ApiOperation({ summary: 'Reports, newest first (status=open|resolved)', description: 'Requires role: moderator or admin.' })
  @ApiOkResponse({ type: ReportPage })
  @ApiProblems(400, 401, 403)
  listReports(@CurrentCaller() caller: Caller, @Query() query: ReportsQuery): Promise<ReportPage> {
    return this.rpc.request(CHAT_SUBJECTS.listReports, { ...query, caller });
  }

  @Post('reports/:id/resolve')
  @HttpCode(200)
  @RequireRole('moderator')
  @ApiOperation({
    summary: 'Resolve a report, carrying the resolution out: dismissed, message_deleted (the reported message), user_disabled (the reported user or the message’s sender)',
    description: 'Requires role: moderator or admin. A resolved report is 409 CONFLICT.',
  })
  @ApiOkResponse({ type: Report })
  @ApiProblems(400, 401, 403, 404, 409)
  resolveReport(@CurrentCaller() caller: Caller, @Param('id') reportId: string, @Body() body: ResolveReportBody): Promise<Report> {
    return this.rpc.request(CHAT_SUBJECTS.resolveReport, { ...body, reportId, caller });
  }
}

/** The broadcast history, readable by every user. */
@ApiTags('chat')
@ApiBearerAuth()
@Controller('chat/announcements')
export class AnnouncementsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequireRole('user')
  @ApiOperation({
    summary: 'Announcements, newest first (before/after/limit like any history); their conversation is in the conversation list and the sync log',
  })
  @ApiOkResponse({ type: MessagePage })
  @ApiProblems(400, 401)
  list(@CurrentCaller() caller: Caller, @Query() query: SeqPageQuery): Promise<MessagePage> {
    return this.rpc.request(CHAT_SUBJECTS.announcements, { ...query, caller });
  }
}
