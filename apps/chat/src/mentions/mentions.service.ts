import { Injectable } from '@nestjs/common';
import type { MentionsCommand, MessagePage } from '#contracts';
import { decodeTimeCursor, encodeTimeCursor, pageLimit, paged } from '#common';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.entity.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { MessageViews } from '../messages/message-views.js';
import type { MessageRecord } from '../messages/message.entity.js';
import { MessageRepository } from '../messages/message.repository.js';
import { MentionRepository } from './mention.repository.js';

/** `@room` mentions every member; a user named "room" is reached by it too. */
export const ROOM_MENTION = 'room';
// An @ that starts a word, then a username's characters (USERNAME_PATTERN); "@alice." and "@alice-" end at the name.
const MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]{1,32})/gu;

/** The lower-cased names after an @ in `content`, each with its trailing dots and dashes trimmed as a second reading. */
export function mentionedNames(content: string): Set<string> {
  const names = new Set<string>();
  for (const [, name] of content.matchAll(MENTION)) {
    const lower = name.toLowerCase();
    names.add(lower);
    names.add(lower.replace(/[.-]+$/, ''));
  }
  return names;
}

/** Mentions: resolved from the content when a message is stored or edited; the caller's mentions list. */
@Injectable()
export class MentionsService {
  constructor(
    private readonly mentions: MentionRepository,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly users: UsersDirectory,
    private readonly views: MessageViews,
  ) {}

  /**
   * Resolves and stores who `message` mentions: members named by @username (case-insensitive), and every member for
   * @room when the sender is a room's owner or admin (for anyone else the text stays and mentions nobody). Never the sender.
   */
  async resolve(conversation: ConversationRecord, sender: Pick<MemberRecord, 'role'>, message: MessageRecord): Promise<string[]> {
    const names = message.deletedAt ? new Set<string>() : mentionedNames(message.content);
    let userIds: string[] = [];
    if (names.size > 0) {
      const memberIds = (await this.conversations.listMembers(conversation.id)).map((m) => m.userId).filter((id) => id !== message.senderId);
      const everyone = names.has(ROOM_MENTION) && conversation.type === 'group' && (sender.role === 'owner' || sender.role === 'admin');
      if (everyone) userIds = memberIds;
      else {
        const profiles = await this.users.profiles(memberIds);
        userIds = memberIds.filter((id) => names.has(profiles.get(id)?.username.toLowerCase() ?? ''));
      }
    }
    // An edit that removes every mention must forget the earlier ones, so even [] is written when there were some.
    if (userIds.length > 0 || message.editedAt !== null || message.deletedAt !== null) {
      await this.mentions.replace({ messageId: message.id, conversationId: message.conversationId, seq: message.seq, createdAt: message.createdAt }, userIds);
    }
    return [...userIds].sort();
  }

  /** A deleted message mentions nobody any more (every delete path: the sender's, a room admin's, a moderator's). */
  async forget(message: MessageRecord): Promise<void> {
    await this.mentions.replace({ messageId: message.id, conversationId: message.conversationId, seq: message.seq, createdAt: message.createdAt }, []);
  }

  /** Newest first; mentions in conversations the caller has left are not shown (the page may come out shorter). */
  async list(cmd: MentionsCommand): Promise<MessagePage> {
    const userId = cmd.caller.userId;
    const limit = pageLimit(cmd.limit);
    const cursor = decodeTimeCursor(cmd.cursor);
    const rows = await this.mentions.listForUser(userId, { limit: limit + 1, ...(cursor ? { before: { createdAt: cursor.at, messageId: cursor.id } } : {}) });
    const page = paged(rows, limit, (m) => encodeTimeCursor(m.createdAt, m.messageId));
    const conversationIds = [...new Set(page.items.map((m) => m.conversationId))];
    const memberOf = new Set(
      (await Promise.all(conversationIds.map(async (id) => ((await this.conversations.findMember(id, userId)) ? id : null)))).filter((id) => id !== null),
    );
    const records = (await Promise.all(page.items.filter((m) => memberOf.has(m.conversationId)).map((m) => this.messages.findById(m.messageId)))).filter(
      (m): m is MessageRecord => m !== null && m.deletedAt === null,
    );
    const views = new Map((await Promise.all(conversationIds.map((id) => this.views.current(id, records.filter((m) => m.conversationId === id))))).flat().map((m) => [m.id, m]));
    return { items: records.flatMap((m) => views.get(m.id) ?? []), nextCursor: page.nextCursor };
  }
}
