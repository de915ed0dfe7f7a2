import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicUser } from '../common/public-user.dto.js';
import { Attachment } from '../media/media.dto.js';

export type ConversationType = 'direct' | 'group';
export type RoomVisibility = 'public' | 'private';
export type RoomRole = 'owner' | 'admin' | 'member';
export type SyncEventType =
  | 'message.created'
  | 'message.edited'
  | 'message.deleted'
  | 'member.joined'
  | 'member.left'
  | 'reaction.added'
  | 'reaction.removed'
  | 'message.pinned'
  | 'message.unpinned';
export type MessageKind = 'user' | 'announcement' | 'system';
export type ReactionAction = 'added' | 'removed';

export const ROOM_VISIBILITIES: readonly RoomVisibility[] = ['public', 'private'];
export const ROOM_ROLES: readonly RoomRole[] = ['owner', 'admin', 'member'];
export const SYNC_EVENT_TYPES: readonly SyncEventType[] = [
  'message.created',
  'message.edited',
  'message.deleted',
  'member.joined',
  'member.left',
  'reaction.added',
  'reaction.removed',
  'message.pinned',
  'message.unpinned',
];
/** Log events about a reaction: they carry `messageId` and `emoji`, no message snapshot. */
export const REACTION_EVENT_TYPES: readonly SyncEventType[] = ['reaction.added', 'reaction.removed'];
/** Most distinct emoji one message takes; userIds of an aggregate list at most REACTION_USERS_SHOWN. */
export const REACTIONS_PER_MESSAGE_MAX = 20;
export const REACTION_USERS_SHOWN = 20;

export class ReactionSummary {
  @ApiProperty() emoji: string;
  @ApiProperty({ description: 'how many users reacted with it' }) count: number;
  @ApiProperty({ type: [String], description: `the latest ${REACTION_USERS_SHOWN} who reacted, newest first` }) userIds: string[];
}

export class ThreadSummary {
  @ApiProperty() replyCount: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastReplyAt: string | null;
  @ApiProperty({ type: [String] }) participantIds: string[];
}

export class QuotedMessage {
  @ApiProperty() id: string;
  @ApiProperty() senderId: string;
  @ApiProperty({ description: 'the first 200 code points of the original as it is now' }) content: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deletedAt: string | null;
}

export class Message {
  @ApiProperty() id: string;
  @ApiProperty() conversationId: string;
  @ApiProperty({ description: 'position in the conversation sequence; kept when edited or deleted' }) seq: number;
  @ApiProperty() senderId: string;
  @ApiProperty({ description: 'as sent; "" once deleted' }) content: string;
  @ApiProperty({ type: String, nullable: true }) clientMsgId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) editedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deletedAt: string | null;
  @ApiProperty({ enum: ['user', 'announcement', 'system'] }) kind: MessageKind;
  @ApiProperty({ type: QuotedMessage, nullable: true, description: 'the quoted message as it is now (first 200 code points); null when not a reply' }) replyTo: QuotedMessage | null;
  @ApiProperty({ type: String, nullable: true, description: 'threads: not implemented yet, always null' }) threadId: string | null;
  @ApiProperty({ type: ThreadSummary, nullable: true, description: 'threads: not implemented yet, always null' }) thread: ThreadSummary | null;
  @ApiProperty({ type: [String], description: 'mentions: not implemented yet, always []' }) mentions: string[];
  @ApiProperty({
    type: [ReactionSummary],
    description: 'current reactions, first-used emoji first; [] once deleted. Message snapshots in the sync log carry [] (replay the reaction events)',
  })
  reactions: ReactionSummary[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'when it was pinned; null when not pinned' }) pinnedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who pinned it' }) pinnedBy: string | null;
  @ApiProperty({ type: [Attachment], description: 'uploads attached when it was sent, with fresh signed urls; [] once deleted' }) attachments: Attachment[];
}

/** The `message:pinned` push: one message.pinned / message.unpinned event of the log. */
export class PinChange {
  @ApiProperty() conversationId: string;
  @ApiProperty() seq: number;
  @ApiProperty() messageId: string;
  @ApiProperty() userId: string;
  @ApiProperty() pinned: boolean;
}

export class Reaction {
  @ApiProperty({ type: PublicUser }) user: PublicUser;
  @ApiProperty() emoji: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReactionPage {
  @ApiProperty({ type: [Reaction] }) items: Reaction[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The `message:reaction` push: one reaction.added / reaction.removed event of the log. */
export class ReactionChange {
  @ApiProperty() conversationId: string;
  @ApiProperty() seq: number;
  @ApiProperty() messageId: string;
  @ApiProperty() emoji: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ['added', 'removed'] }) action: ReactionAction;
}

export class MessagePage {
  @ApiProperty({ type: [Message] }) items: Message[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'history: the seq to pass as `before` (newest-first pages) or `after` (oldest-first pages); search: the `cursor`',
  })
  nextCursor: string | null;
}

export class DeletedMessage {
  @ApiProperty() id: string;
  @ApiProperty() conversationId: string;
  @ApiProperty() seq: number;
}

export class Conversation {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['direct', 'group'] }) type: ConversationType;
  @ApiProperty({ type: String, nullable: true, description: 'room name; null for direct conversations' }) name: string | null;
  @ApiProperty({ type: [PublicUser] }) members: PublicUser[];
  @ApiProperty({ type: Message, nullable: true }) lastMessage: Message | null;
  @ApiProperty({ description: 'seq of the latest event of the conversation' }) lastSeq: number;
  @ApiProperty({ description: "the caller's read position" }) lastReadSeq: number;
  @ApiProperty({ description: 'messages after lastReadSeq, not sent by the caller and not deleted' }) unreadCount: number;
  @ApiProperty({ format: 'date-time', description: 'time of the latest activity' }) updatedAt: string;
}

export class ConversationPage {
  @ApiProperty({ type: [Conversation] }) items: Conversation[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ReadPosition {
  @ApiProperty() conversationId: string;
  @ApiProperty() lastReadSeq: number;
}

export class SyncEvent {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: SYNC_EVENT_TYPES }) type: SyncEventType;
  @ApiProperty() conversationId: string;
  @ApiPropertyOptional({ type: Message, description: 'message events: the message as it was right after the event (content "" once deleted)' })
  message?: Message;
  @ApiPropertyOptional({ description: 'who caused it: sender/editor/deleter, member who joined or left, who reacted' }) userId?: string;
  @ApiPropertyOptional({ description: 'reaction and pin events: the message they are about' }) messageId?: string;
  @ApiPropertyOptional({ description: 'reaction events: the emoji' }) emoji?: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class SyncPage {
  @ApiProperty({ type: [SyncEvent] }) items: SyncEvent[];
  @ApiProperty({ type: String, nullable: true, description: 'the seq to pass as `after` for the next page; null when caught up' })
  nextCursor: string | null;
}

/** Reply of CHAT_SUBJECTS.sync (the socket `sync` ack). */
export class SyncBatch {
  @ApiProperty({ type: [SyncEvent], description: 'the same items as the REST sync log, oldest first per conversation' }) events: SyncEvent[];
  @ApiProperty({ description: 'a limit cut the answer: ask again with the last seqs seen' }) more: boolean;
}

/** The `conversation:read` push: a member's read position moved. */
export class ReadChange {
  @ApiProperty() conversationId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) lastReadSeq: number;
}

/** The `typing` push (ephemeral, never stored). */
export class TypingChange {
  @ApiProperty() conversationId: string;
  @ApiProperty() userId: string;
  @ApiProperty() isTyping: boolean;
}

export class Room {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ROOM_VISIBILITIES }) visibility: RoomVisibility;
  @ApiProperty() memberCount: number;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RoomMember {
  @ApiProperty({ type: PublicUser }) user: PublicUser;
  @ApiProperty({ enum: ROOM_ROLES }) role: RoomRole;
}

export class RoomDetail extends Room {
  @ApiProperty({ type: [RoomMember] }) members: RoomMember[];
}

export class RoomPage {
  @ApiProperty({ type: [Room] }) items: Room[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
