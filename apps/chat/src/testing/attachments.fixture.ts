import type { AttachmentsService } from '../attachments/attachments.service.js';

/** Chat unit suites run without a media service: no message has attachments. */
export const noAttachments = {
  claim: async () => [],
  withAttachments: async <T>(messages: T) => messages,
  withEventAttachments: async <T>(events: T) => events,
  release: async () => undefined,
} as unknown as AttachmentsService;
