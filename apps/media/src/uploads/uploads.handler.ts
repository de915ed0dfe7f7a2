import { Payload } from '@nestjs/microservices';
import { ClaimAttachmentsCommand, MEDIA_SUBJECTS, MessageAttachmentsQuery, ReleaseAttachmentsCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { UploadsService } from './uploads.service.js';

@RpcController()
export class UploadsHandler {
  constructor(private readonly uploads: UploadsService) {}

  @RpcHandler(MEDIA_SUBJECTS.claim)
  claim(@Payload() cmd: ClaimAttachmentsCommand) {
    return this.uploads.claim(cmd);
  }

  @RpcHandler(MEDIA_SUBJECTS.forMessages)
  forMessages(@Payload() query: MessageAttachmentsQuery) {
    return this.uploads.forMessages(query);
  }

  @RpcHandler(MEDIA_SUBJECTS.release)
  release(@Payload() cmd: ReleaseAttachmentsCommand) {
    return this.uploads.release(cmd);
  }
}
