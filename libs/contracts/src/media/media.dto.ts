import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { UuidRef } from '../common/id-ref.js';

/** Most attachments one message carries (API.md: attachmentIds). */
export const ATTACHMENTS_PER_MESSAGE_MAX = 10;
/** Path prefix of every public avatar (`avatarUrl`), served without a token. */
export const AVATAR_PATH_PREFIX = '/api/media/avatars/';
export const AVATAR_URL_PATTERN = /^\/api\/media\/avatars\/[A-Za-z0-9-]{1,64}$/;

/** An upload as a client sees it (API.md "Media"): urls are signed and expire at urlExpiresAt. */
export class Attachment {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'the file name the client gave (path stripped, at most 255 characters)' }) name: string;
  @ApiProperty({ description: 'detected from the bytes, never taken from the client' }) contentType: string;
  @ApiProperty({ description: 'bytes as served (images: after their metadata was removed)' }) size: number;
  @ApiProperty({ description: 'lowercase hex sha256 of the bytes as served' }) sha256: string;
  @ApiProperty({ type: Number, nullable: true }) width: number | null;
  @ApiProperty({ type: Number, nullable: true }) height: number | null;
  @ApiProperty({ description: 'signed path on the gateway: works without a token until urlExpiresAt' }) url: string;
  @ApiProperty({ type: String, nullable: true, description: 'WebP, longest side at most 320 px; null for non-images' }) thumbnailUrl: string | null;
  @ApiProperty({ format: 'date-time' }) urlExpiresAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The optional `attachmentIds` of a send: each an upload of the sender not attached yet. */
export function AttachmentIdsRules(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(ATTACHMENTS_PER_MESSAGE_MAX)(target, key);
    ArrayUnique()(target, key);
    IsString({ each: true })(target, key);
    Length(1, 128, { each: true })(target, key);
  };
}

// ---- asked by chat ----

/** Chat, before storing a message: attach the sender's uploads to it (uploader only, one message each). */
export class ClaimAttachmentsCommand {
  @UuidRef() userId: string;
  @IsString() @Length(1, 128) messageId: string;
  @IsString() @Length(1, 128) conversationId: string;
  @IsArray() @ArrayMaxSize(ATTACHMENTS_PER_MESSAGE_MAX) @IsString({ each: true }) @Length(1, 128, { each: true }) attachmentIds: string[];
}

export class AttachmentList {
  @ApiProperty({ type: [Attachment] }) items: Attachment[];
}

/** Chat, when showing messages: their attachments with fresh signed urls. */
export class MessageAttachmentsQuery {
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @Length(1, 128, { each: true }) messageIds: string[];
}

/** messageId → its attachments in the order they were attached; messages without any are left out. */
export type MessageAttachments = Record<string, Attachment[]>;

/** Chat, after a message was deleted: its uploads stop being served and their blobs go when unused. */
export class ReleaseAttachmentsCommand {
  @IsString() @Length(1, 128) messageId: string;
}

// ---- media asks chat ----

/** May `userId` (or, without one, the holder of a signed url) read the attachments of this message now? */
export class AttachmentAccessQuery {
  @IsString() @Length(1, 128) messageId: string;
  @IsOptional() @IsUUID() userId?: string;
}

export interface AttachmentAccess {
  allowed: boolean;
}

/** The gateway, after media stored an avatar: set it on the caller's profile. */
export class AvatarPath {
  @IsString()
  @Matches(AVATAR_URL_PATTERN, { message: 'avatarUrl must be a path under /api/media/avatars/' })
  avatarUrl: string;
}
