import { Payload } from '@nestjs/microservices';
import { AttachmentAccessQuery, CHAT_SUBJECTS } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { AttachmentsService } from './attachments.service.js';

@RpcController()
export class AttachmentsHandler {
  constructor(private readonly attachments: AttachmentsService) {}

  @RpcHandler(CHAT_SUBJECTS.attachmentAccess)
  access(@Payload() query: AttachmentAccessQuery) {
    return this.attachments.access(query);
  }
}
