import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicUser } from '../common/public-user.dto.js';

export type ConversationType = 'direct' | 'group';
export type RoomVisibility = 'public' | 'private';
export type RoomRole = 'owner' | 'admin' | 'member';
export type SyncEventType = 'message.created' | 'message.edited' | 'message.deleted' | 'member.joined' | 'member.left';

export const ROOM_VISIBILITIES: readonly RoomVisibility[] = ['public', 'private'];
export const ROOM_ROLES: readonly RoomRole[] = ['owner', 'admin', 'member'];
export const SYNC_EVENT_TYPES: readonly SyncEventType[] = [
  'message.created',
  'message.edited',
  'message.deleted',
  'member.joined',
  'member.left',
];

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
  @ApiPropertyOptional({ description: 'member events: who joined or left' }) userId?: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class SyncPage {
  @ApiProperty({ type: [SyncEvent] }) items: SyncEvent[];
  @ApiProperty({ type: String, nullable: true, description: 'the seq to pass as `after` for the next page; null when caught up' })
  nextCursor: string | null;
}

/** Reply of CHAT_SUBJECTS.sync (the socket `sync` ack). */
export interface SyncBatch {
  events: SyncEvent[];
  /** True when a limit cut the answer: ask again with the last seen seqs. */
  more: boolean;
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
