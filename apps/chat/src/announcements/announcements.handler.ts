import { Payload } from '@nestjs/microservices';
import { AnnouncementsCommand, CHAT_SUBJECTS, PostAnnouncementCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AnnouncementsService } from './announcements.service.js';

@RpcController()
export class AnnouncementsHandler {
  constructor(private readonly announcements: AnnouncementsService) {}

  @RpcHandler(CHAT_SUBJECTS.postAnnouncement)
  post(@Payload() cmd: PostAnnouncementCommand) {
    return this.announcements.post(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.announcements)
  list(@Payload() cmd: AnnouncementsCommand) {
    return this.announcements.list(cmd);
  }
}
