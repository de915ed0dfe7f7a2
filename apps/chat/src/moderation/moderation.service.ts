import { Injectable } from '@nestjs/common';
import {
  AUTH_SUBJECTS,
  type Caller,
  type CreateReportCommand,
  type DeletedMessage,
  ErrorCode,
  type ListReportsCommand,
  type ModerationDeleteCommand,
  type Report,
  type ReportPage,
  type ReportReceipt,
  type ResolveReportCommand,
} from '#contracts';
import { decodeTimeCursor, DomainError, encodeTimeCursor, newId, pageLimit, paged, requireRole, RpcClient } from '#common';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MessageRepository } from '../messages/message.repository.js';
import { MessagesService } from '../messages/messages.service.js';
import { ChatAudit } from './chat-audit.js';
import type { ReportRecord } from './moderation.entity.js';
import { ReportRepository } from './report.repository.js';

const reportOf = (r: ReportRecord): Report => ({
  id: r.id,
  reporter: r.reporterId,
  target: { type: r.targetType, id: r.targetId },
  reason: r.reason,
  note: r.note,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  resolvedBy: r.resolvedBy,
  resolution: r.resolution,
});

/** Moderators' work on content: deleting any message, and reports from users through to their resolution. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messageActions: MessagesService,
    private readonly reports: ReportRepository,
    private readonly access: ConversationAccess,
    private readonly users: UsersDirectory,
    private readonly audit: ChatAudit,
    private readonly rpc: RpcClient,
  ) {}

  /** DELETE /api/admin/messages/:id: the sender's delete path (log event, pushes), with the reason in the audit log. */
  async deleteMessage({ caller, messageId, reason }: ModerationDeleteCommand): Promise<DeletedMessage> {
    requireRole(caller, 'moderator');
    return this.delete(caller, messageId, reason);
  }

  /** Any user; a message must be one the reporter can see. A repeat while the first is open returns the first. */
  async report(cmd: CreateReportCommand): Promise<ReportReceipt> {
    const reporterId = cmd.caller.userId;
    if ((cmd.messageId === undefined) === (cmd.userId === undefined)) {
      throw DomainError.validation([{ field: 'messageId', message: 'exactly one of messageId and userId is required' }]);
    }
    if (cmd.messageId !== undefined) {
      const message = await this.messages.findById(cmd.messageId);
      if (!message || message.deletedAt) throw DomainError.notFound('Message');
      await this.access.asMember(message.conversationId, reporterId);
    } else if (!(await this.users.profiles([cmd.userId as string])).has(cmd.userId as string)) {
      throw DomainError.notFound('User');
    }
    const stored = await this.reports.open({
      id: newId(),
      reporterId,
      targetType: cmd.messageId !== undefined ? 'message' : 'user',
      targetId: (cmd.messageId ?? cmd.userId) as string,
      reason: cmd.reason,
      note: cmd.note ?? null,
      status: 'open',
      createdAt: new Date(),
      resolvedBy: null,
      resolution: null,
      resolvedAt: null,
    });
    return { id: stored.id, status: stored.status };
  }

  async list({ caller, status, limit, cursor }: ListReportsCommand): Promise<ReportPage> {
    requireRole(caller, 'moderator');
    const size = pageLimit(limit);
    const rows = await this.reports.list(status, decodeTimeCursor(cursor), size + 1);
    const page = paged(rows, size, (r) => encodeTimeCursor(r.createdAt, r.id));
    return { items: page.items.map(reportOf), nextCursor: page.nextCursor };
  }

  /**
   * Carries the resolution out first (delete the message / disable its sender or the reported user), then closes
   * the report: a failed action leaves it open. Both actions are idempotent, so of two moderators resolving at
   * once both may act but only one closes it; the other gets 409 CONFLICT.
   */
  async resolve({ caller, reportId, resolution, note }: ResolveReportCommand): Promise<Report> {
    requireRole(caller, 'moderator');
    const report = await this.reports.findById(reportId);
    if (!report) throw DomainError.notFound('Report');
    if (report.status !== 'open') throw new DomainError(ErrorCode.CONFLICT, 'This report is already resolved');
    const why = `report ${report.id} (${report.reason})${note ? `: ${note}` : ''}`;
    if (resolution === 'message_deleted') {
      if (report.targetType !== 'message') {
        throw DomainError.validation([{ field: 'resolution', message: 'message_deleted resolves a report of a message' }]);
      }
      await this.delete(caller, report.targetId, why);
    } else if (resolution === 'user_disabled') {
      const userId = report.targetType === 'user' ? report.targetId : (await this.messages.findById(report.targetId))?.senderId;
      if (!userId) throw DomainError.notFound('Message');
      await this.rpc.request(AUTH_SUBJECTS.disableAccount, { caller, userId, reason: why });
    }
    const resolved = await this.reports.resolve(report.id, caller.userId, resolution, new Date());
    if (!resolved) throw new DomainError(ErrorCode.CONFLICT, 'This report is already resolved');
    await this.audit.record(caller.userId, 'report.resolved', { type: 'report', id: report.id }, `${resolution}${note ? `: ${note}` : ''}`);
    return reportOf(resolved);
  }

  private async delete(caller: Caller, messageId: string, reason: string): Promise<DeletedMessage> {
    const message = await this.messages.findById(messageId);
    if (!message) throw DomainError.notFound('Message');
    const deleted = await this.messageActions.remove(message, caller.userId);
    await this.audit.record(caller.userId, 'message.deleted', { type: 'message', id: message.id }, reason);
    return deleted;
  }
}
