import { NO_REPLY, rpc, shape, subjectsOf } from '../contract.js';
import { AttachmentList, ClaimAttachmentsCommand, type MessageAttachments, MessageAttachmentsQuery, ReleaseAttachmentsCommand } from './media.dto.js';

/**
 * The media service's request/reply subjects. The bytes never travel on NATS: the gateway streams them to the
 * service's internal HTTP port (docs/adr/0013-media-service.md); only metadata and access decisions go here.
 */
export const MEDIA_RPC = {
  /** 404 for an upload that is not the user's, 409 ALREADY_ATTACHED for one attached to another message. */
  claim: rpc('media.attachments.claim', ClaimAttachmentsCommand, AttachmentList),
  forMessages: rpc('media.attachments.for-messages', MessageAttachmentsQuery, shape<MessageAttachments>('MessageAttachments')),
  release: rpc('media.attachments.release', ReleaseAttachmentsCommand, NO_REPLY),
} as const;
export const MEDIA_SUBJECTS = subjectsOf(MEDIA_RPC);
