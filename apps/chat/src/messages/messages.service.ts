import { Injectable } from '@nestjs/common';
import {
  type DeleteMessageCommand,
  type DeletedMessage,
  type EditMessageCommand,
  ErrorCode,
  type HistoryCommand,
  type Message,
  type MessagePage,
  type PostMessageCommand,
  type SendDirectCommand,
  SERVER_EVENTS,
} from '#contracts';
import { DomainError, newId, pageLimit, paged } from '#common';
import { AnnouncementFeed } from '../announcements/announcement-feed.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { type ConversationRecord, type MemberRecord, pairKeyOf } from '../conversations/conversation.entity.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { messageFromRecord } from '../conversations/chat-replies.mapper.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MentionsService } from '../mentions/mentions.service.js';
import { RoomSanctions } from '../moderation/room-sanctions.js';
import { canDeleteMessage } from '../rooms/room-rules.js';
import type { MessageRecord } from './message.entity.js';
import { MessageRepository } from './message.repository.js';
import { MessageViews } from './message-views.js';

@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly conversations: ConversationRepository,
    private readonly access: ConversationAccess,
    private readonly conversationViews: ConversationsService,
    private readonly users: UsersDirectory,
    private readonly deliveries: ChatDeliveries,
    private readonly views: MessageViews,
    private readonly attachments: AttachmentsService,
    private readonly mentions: MentionsService,
    private readonly sanctions: RoomSanctions,
  ) {}

  /** POST /send: the pair's direct conversation is created by the first message either of them sends. */
  async sendDirect(cmd: SendDirectCommand): Promise<Message> {
    const senderId = cmd.caller.userId;
    if (cmd.recipientId === senderId) {
      throw DomainError.validation([{ field: 'recipientId', message: 'recipientId must be another user' }]);
    }
    const original = await this.original(senderId, cmd.clientMsgId);
    if (original) return original;
    await this.access.assertNotBlocked(senderId, cmd.recipientId);
    const pairKey = pairKeyOf(senderId, cmd.recipientId);
    const existing = await this.conversations.findByPairKey(pairKey);
    // A reply needs an earlier message of the conversation: checked before a first send would open it.
    if (cmd.replyToId !== undefined) await this.assertQuotable(existing?.id ?? null, cmd.replyToId);
    if (cmd.threadId !== undefined) await this.assertThreadRoot(existing?.id ?? null, cmd.threadId);
    const conversation = existing ?? (await this.openDirect(senderId, cmd.recipientId, pairKey));
    return this.append(conversation, { role: 'member' }, senderId, cmd.message, cmd.clientMsgId, cmd.replyToId, cmd.threadId, cmd.attachmentIds);
  }

  /** POST /conversations/:id/messages and /rooms/:id/messages. */
  async post(cmd: PostMessageCommand): Promise<Message> {
    const original = await this.original(cmd.caller.userId, cmd.clientMsgId);
    if (original) return original;
    const { conversation, member } = await this.access.asMember(cmd.conversationId, cmd.caller.userId);
    await this.access.assertCanWrite(conversation, cmd.caller.userId);
    if (conversation.type === 'group') await this.sanctions.assertNotMuted(conversation.id, cmd.caller.userId);
    if (cmd.replyToId !== undefined) await this.assertQuotable(conversation.id, cmd.replyToId);
    if (cmd.threadId !== undefined) await this.assertThreadRoot(conversation.id, cmd.threadId);
    return this.append(conversation, member, cmd.caller.userId, cmd.message, cmd.clientMsgId, cmd.replyToId, cmd.threadId, cmd.attachmentIds);
  }

  /** Newest first (with `before` or without bounds), oldest first with `after`; nextCursor continues in the same direction. */
  async history(cmd: HistoryCommand): Promise<MessagePage> {
    const conversationId = await this.historyTarget(cmd);
    if (conversationId === null) return { items: [], nextCursor: null };
    await this.access.asMember(conversationId, cmd.caller.userId);
    const limit = pageLimit(cmd.limit);
    const range = { limit: limit + 1, ...(cmd.after !== undefined ? { after: cmd.after } : {}), ...(cmd.before !== undefined ? { before: cmd.before } : {}) };
    const page = paged(await this.messages.history(conversationId, range), limit, (m) => String(m.seq));
    return { items: await this.views.current(conversationId, page.items), nextCursor: page.nextCursor };
  }

  /** Sender only. Editing a deleted message is 404: for everyone else it no longer exists. */
  async edit(cmd: EditMessageCommand): Promise<Message> {
    const userId = cmd.caller.userId;
    const message = await this.messages.findById(cmd.messageId);
    if (!message) throw DomainError.notFound('Message');
    const { conversation, member } = await this.access.asMember(message.conversationId, userId);
    if (message.senderId !== userId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only the sender can edit a message');
    if (message.deletedAt) throw DomainError.notFound('Message');
    // A repeated PATCH with the same text changes nothing and takes no seq.
    if (message.content === cmd.message) return (await this.views.current(message.conversationId, [message]))[0];
    const result = await this.messages.edit(message.id, cmd.message, userId, new Date());
    if (!result) throw DomainError.notFound('Message');
    await this.mentions.resolve(conversation, member, result.message);
    const [view] = await this.views.current(message.conversationId, [result.message]);
    this.deliveries.enqueue(message.conversationId, async () => [
      { userIds: await this.conversationViews.memberIds(message.conversationId), event: SERVER_EVENTS.messageUpdated, data: view },
    ]);
    return view;
  }

  /** Sender, or a room's owner/admin. Deleting a deleted message succeeds again without a new event (safe retries). */
  async delete(cmd: DeleteMessageCommand): Promise<DeletedMessage> {
    const userId = cmd.caller.userId;
    const message = await this.messages.findById(cmd.messageId);
    if (!message) throw DomainError.notFound('Message');
    const { conversation, member } = await this.access.asMember(message.conversationId, userId);
    if (!canDeleteMessage(member, message.senderId, conversation.type)) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only the sender or a room owner/admin can delete a message');
    }
    return this.remove(message, userId);
  }

  /**
   * The one delete path (the sender's, a room admin's, a moderator's): blanks the message, appends message.deleted
   * to the log and pushes it to the members. Repeating it on a deleted message changes nothing.
   */
  async remove(message: MessageRecord, by: string): Promise<DeletedMessage> {
    const deleted = { id: message.id, conversationId: message.conversationId, seq: message.seq };
    if (message.deletedAt) return deleted;
    const result = await this.messages.delete(message.id, by, new Date());
    if (result) await this.mentions.forget(result.message);
    if (result) {
      await this.attachments.release(message.id);
      // The announcements conversation has no member rows: its delete reaches everyone the way it was posted.
      if (AnnouncementFeed.is(message.conversationId)) {
        this.deliveries.enqueueToEveryone(message.conversationId, { event: SERVER_EVENTS.messageDeleted, data: deleted });
      } else {
        this.deliveries.enqueue(message.conversationId, async () => [
          { userIds: await this.conversationViews.memberIds(message.conversationId), event: SERVER_EVENTS.messageDeleted, data: deleted },
        ]);
      }
    }
    return deleted;
  }

  private async openDirect(senderId: string, recipientId: string, pairKey: string): Promise<ConversationRecord> {
    const known = await this.users.reachable([recipientId]);
    if (!known.has(recipientId)) throw DomainError.notFound('User');
    const now = new Date();
    const id = newId();
    const { conversation } = await this.conversations.openDirect(
      {
        id,
        type: 'direct',
        pairKey,
        name: null,
        description: '',
        visibility: null,
        createdBy: senderId,
        createdAt: now,
        lastSeq: 0,
        activityAt: now,
      },
      [senderId, recipientId].map((userId) => ({ conversationId: id, userId, role: 'member' as const, joinedAt: now, lastReadSeq: 0 })),
    );
    // When both users opened it at once, the other request's conversation won the unique pair key.
    return conversation;
  }

  /** API.md: a reply quotes a message of the same conversation, else 404. */
  private async assertQuotable(conversationId: string | null, replyToId: string): Promise<void> {
    const original = await this.messages.findById(replyToId);
    if (!original || original.conversationId !== conversationId) throw DomainError.notFound('Message');
  }

  /** API.md: a thread's root is a live message of the same conversation that is not itself a thread reply, else 404. */
  private async assertThreadRoot(conversationId: string | null, threadId: string): Promise<void> {
    const root = await this.messages.findById(threadId);
    if (!root || root.conversationId !== conversationId || root.threadId !== null || root.deletedAt !== null) throw DomainError.notFound('Message');
  }

  private async append(
    conversation: ConversationRecord,
    sender: Pick<MemberRecord, 'role'>,
    senderId: string,
    content: string,
    clientMsgId: string | undefined,
    replyToId?: string,
    threadId?: string,
    attachmentIds?: string[],
  ): Promise<Message> {
    const id = newId();
    // Claimed before the message is stored, so a refused upload (not the sender's, already used) stores nothing.
    const attachments = await this.attachments.claim(senderId, id, conversation.id, attachmentIds);
    const result = await this.messages.append({
      id,
      conversationId: conversation.id,
      senderId,
      content,
      clientMsgId: clientMsgId ?? null,
      replyToId: replyToId ?? null,
      threadId: threadId ?? null,
      createdAt: new Date(),
    });
    // Mentions are resolved once, when stored (a repeat returns the original's). Only a reply or a repeat needs a read
    // more (the quote, the original's state); a new message has no reactions or pin yet.
    const mentions = result.duplicate ? [] : await this.mentions.resolve(conversation, sender, result.message);
    const fresh =
      result.message.replyToId || result.duplicate ? (await this.views.current(conversation.id, [result.message]))[0] : { ...messageFromRecord(result.message), mentions };
    const view = result.duplicate || attachments.length === 0 ? fresh : { ...fresh, attachments };
    if (!result.duplicate) {
      const { seq } = result.message;
      this.conversationViews.appended(conversation.id, seq);
      this.deliveries.enqueue(conversation.id, async () => {
        // The first message of a direct conversation announces the conversation to both users, before the message.
        const announced = conversation.type === 'direct' && seq === 1 ? await this.conversationViews.conversationNew(conversation.id) : [];
        return [...announced, { userIds: await this.conversationViews.memberIds(conversation.id, seq), event: SERVER_EVENTS.messageNew, data: view }];
      });
    }
    return view;
  }

  /**
   * A retry of a send that was already stored gets the original back before any access rule runs: the
   * message exists, so a block or a leave since then must not turn the retry into an error (the client
   * would think it was never sent). append() checks the key again under the write lock for concurrent retries.
   */
  private async original(senderId: string, clientMsgId: string | undefined): Promise<Message | null> {
    if (clientMsgId === undefined) return null;
    const stored = await this.messages.findByClientMsgId(senderId, clientMsgId);
    return stored ? (await this.views.current(stored.conversationId, [stored]))[0] : null;
  }

  private async historyTarget(cmd: HistoryCommand): Promise<string | null> {
    // Exactly one: a pair that named two different conversations would have no right answer.
    if (cmd.conversationId !== undefined && cmd.with !== undefined) {
      throw DomainError.validation([{ field: 'conversationId', message: 'use either with or conversationId, not both' }]);
    }
    if (cmd.conversationId !== undefined) return cmd.conversationId;
    if (cmd.with === undefined) {
      throw DomainError.validation([{ field: 'with', message: 'one of with or conversationId is required' }]);
    }
    const conversation = await this.conversations.findByPairKey(pairKeyOf(cmd.caller.userId, cmd.with));
    return conversation?.id ?? null;
  }
}
