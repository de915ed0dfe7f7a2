import { Injectable, Logger } from '@nestjs/common';
import {
  type Attachment,
  type AttachmentAccess,
  type AttachmentAccessQuery,
  MEDIA_SUBJECTS,
  type Message,
  type SyncEvent,
} from '#contracts';
import { RpcClient } from '#common';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { MessageRepository } from '../messages/message.repository.js';

/**
 * Chat's side of media (docs/adr/0013): media owns the uploads and which message holds each; chat claims them
 * when a message is sent, shows them with the message, releases them when it is deleted, and answers media's
 * access question (member of the conversation, message not deleted).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly messages: MessageRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  /** Before the message is stored: 404 unless every upload is the sender's, 409 ALREADY_ATTACHED if one is used. */
  async claim(userId: string, messageId: string, conversationId: string, attachmentIds: string[] | undefined): Promise<Attachment[]> {
    if (!attachmentIds || attachmentIds.length === 0) return [];
    const { items } = await this.rpc.request(MEDIA_SUBJECTS.claim, { userId, messageId, conversationId, attachmentIds });
    return items;
  }

  /** Fills `attachments` of the messages that are not deleted (one request to media per page). */
  async withAttachments(messages: Message[]): Promise<Message[]> {
    const ids = messages.filter((m) => m.deletedAt === null).map((m) => m.id);
    if (ids.length === 0) return messages;
    let found: Record<string, Attachment[]>;
    try {
      found = await this.rpc.request(MEDIA_SUBJECTS.forMessages, { messageIds: ids });
    } catch (error) {
      // History must not depend on media being up: the messages are shown, their attachments are missing.
      this.logger.warn({ reason: (error as Error).message }, 'attachments unavailable; messages shown without them');
      return messages;
    }
    return messages.map((m) => (m.deletedAt === null && found[m.id] ? { ...m, attachments: found[m.id] } : m));
  }

  /** The message snapshots of sync events, with their attachments. */
  async withEventAttachments(events: SyncEvent[]): Promise<SyncEvent[]> {
    const messages = events.flatMap((e) => (e.message ? [e.message] : []));
    if (messages.length === 0) return events;
    const filled = new Map((await this.withAttachments(messages)).map((m) => [`${m.id}:${m.seq}:${m.editedAt}:${m.deletedAt}`, m]));
    return events.map((e) => (e.message ? { ...e, message: filled.get(`${e.message.id}:${e.message.seq}:${e.message.editedAt}:${e.message.deletedAt}`) ?? e.message } : e));
  }

  /** After a delete: media stops serving them and frees blobs no other message uses. A failure is retried by nobody, so it is logged. */
  async release(messageId: string): Promise<void> {
    try {
      await this.rpc.request(MEDIA_SUBJECTS.release, { messageId });
    } catch (error) {
      // The deleted message already makes media answer 404 (access asks chat); only the blob stays behind.
      this.logger.warn({ messageId, reason: (error as Error).message }, 'releasing attachments failed');
    }
  }

  /** Media's question before serving an attachment of `messageId`. */
  async access({ messageId, userId }: AttachmentAccessQuery): Promise<AttachmentAccess> {
    const message = await this.messages.findById(messageId);
    if (!message || message.deletedAt) return { allowed: false };
    // Hook for announcements (admin issue): an announcement's attachments are readable by every user.
    if (userId === undefined) return { allowed: true };
    const member = await this.conversations.findMember(message.conversationId, userId);
    return { allowed: member !== null };
  }
}

