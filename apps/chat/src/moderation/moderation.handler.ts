import { Payload } from '@nestjs/microservices';
import {
  BanMemberCommand,
  CHAT_SUBJECTS,
  CreateReportCommand,
  ListReportsCommand,
  ModerationDeleteCommand,
  MuteMemberCommand,
  ResolveReportCommand,
} from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { ModerationService } from './moderation.service.js';
import { RoomModerationService } from './room-moderation.service.js';

@RpcController()
export class ModerationHandler {
  constructor(
    private readonly moderation: ModerationService,
    private readonly rooms: RoomModerationService,
  ) {}

  @RpcHandler(CHAT_SUBJECTS.moderateDelete)
  deleteMessage(@Payload() cmd: ModerationDeleteCommand) {
    return this.moderation.deleteMessage(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.createReport)
  report(@Payload() cmd: CreateReportCommand) {
    return this.moderation.report(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.listReports)
  listReports(@Payload() cmd: ListReportsCommand) {
    return this.moderation.list(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.resolveReport)
  resolveReport(@Payload() cmd: ResolveReportCommand) {
    return this.moderation.resolve(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.muteMember)
  mute(@Payload() cmd: MuteMemberCommand) {
    return this.rooms.mute(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.banMember)
  ban(@Payload() cmd: BanMemberCommand) {
    return this.rooms.ban(cmd);
  }
}
