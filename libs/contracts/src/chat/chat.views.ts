import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicUser } from '../common/public-user.dto.js';
import { Attachment } from '../media/media.dto.js';

/** `announcements`: the one system conversation every user reads and only admins post to (ADR 0016). */
export type ConversationType = 'direct' | 'group' | 'announcements';
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
  | 'message.unpinned'
  | 'call.started'
  | 'call.ended';
export type MessageKind = 'user' | 'announcement' | 'system';
export type ReactionAction = 'added' | 'removed';
/** Which messages of a conversation a member wants to be notified about (API.md, notifications). */
export type NotificationLevel = 'all' | 'mentions' | 'none';
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['all', 'mentions', 'none'];
/** A member who never chose one hears about every message. */
export const DEFAULT_NOTIFICATION_LEVEL: NotificationLevel = 'all';

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
  'call.started',
  'call.ended',
];
export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMedia = (typeof CALL_MEDIA)[number];
export const CALL_STATES = ['ringing', 'active', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];
export const CALL_END_REASONS = ['hangup', 'declined', 'missed', 'busy', 'failed', 'answered_elsewhere'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/** `call.started` / `call.ended` in the sync log. */
export class CallLogEntry {
  @ApiProperty() callId: string;
  @ApiProperty({ enum: CALL_MEDIA }) media: CallMedia;
  @ApiProperty({ type: [String], description: 'call.started: the caller; call.ended: everyone who joined' }) participantIds: string[];
  @ApiPropertyOptional({ description: 'call.ended: seconds from the first answer to the end (0 when never answered)' }) durationSeconds?: number;
  @ApiPropertyOptional({ enum: CALL_END_REASONS, description: 'call.ended only' }) reason?: CallEndReason;
}

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
  @ApiProperty({ type: String, nullable: true, description: 'thread replies: the root message; null for messages of the main history' }) threadId: string | null;
  @ApiProperty({
    type: ThreadSummary,
    nullable: true,
    description: 'roots with live replies: counted from the replies (deleted ones excluded); participants are the root sender and the repliers. null otherwise',
  })
  thread: ThreadSummary | null;
  @ApiProperty({
    type: [String],
    description: 'ids of the members it mentions (@username of a member, case-insensitive; @room: every member, from a room owner/admin only), resolved when stored and on each edit; never the sender',
  })
  mentions: string[];
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
  @ApiProperty({ enum: ['direct', 'group', 'announcements'] }) type: ConversationType;
  @ApiProperty({ type: String, nullable: true, description: 'room name; null for direct conversations' }) name: string | null;
  @ApiProperty({ type: [PublicUser] }) members: PublicUser[];
  @ApiProperty({ type: Message, nullable: true }) lastMessage: Message | null;
  @ApiProperty({ description: 'seq of the latest event of the conversation' }) lastSeq: number;
  @ApiProperty({ description: "the caller's read position" }) lastReadSeq: number;
  @ApiProperty({ description: 'messages after lastReadSeq, not sent by the caller and not deleted' }) unreadCount: number;
  @ApiProperty({ description: 'of those, the messages that mention the caller' }) unreadMentionCount: number;
  @ApiProperty({ format: 'date-time', description: 'time of the latest activity' }) updatedAt: string;
  @ApiProperty({ enum: NOTIFICATION_LEVELS, description: "the caller's notification level here (default all)" }) notificationLevel: NotificationLevel;
}

/** Reply of PUT /conversations/:id/notifications. */
export class NotificationLevelReply {
  @ApiProperty({ enum: NOTIFICATION_LEVELS }) level: NotificationLevel;
}

/** One member other than the sender, as the notifications service needs them to decide on a push. */
export class MessageAudienceMember {
  @ApiProperty() userId: string;
  @ApiProperty({ enum: NOTIFICATION_LEVELS }) level: NotificationLevel;
  @ApiProperty({ description: 'their read position now: the message is read when lastReadSeq >= its seq' }) lastReadSeq: number;
  @ApiProperty({ description: 'the message mentions them (@username, or @room by an owner/admin)' }) mentioned: boolean;
  @ApiProperty({ description: "the message counts toward their unreadCount: always, except a thread reply for a member who is neither the root's sender, a replier nor mentioned" })
  countsAsUnread: boolean;
}

/** Reply of CHAT_SUBJECTS.messageAudience: a stored message and every other member of its conversation. */
export class MessageAudience {
  @ApiProperty() messageId: string;
  @ApiProperty() conversationId: string;
  @ApiProperty({ enum: ['direct', 'group'] }) conversationType: ConversationType;
  @ApiProperty() seq: number;
  @ApiProperty() senderId: string;
  @ApiProperty({ description: 'the content now ("" once deleted)' }) content: string;
  @ApiProperty({ type: String, nullable: true, description: 'thread replies: the root' }) threadId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deletedAt: string | null;
  @ApiProperty({ type: [MessageAudienceMember], description: 'every member but the sender' }) members: MessageAudienceMember[];
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
  @ApiPropertyOptional({ type: CallLogEntry, description: 'call.started / call.ended: the call' }) call?: CallLogEntry;
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
