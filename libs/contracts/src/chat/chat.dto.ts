import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../common/paging.js';
import { NOTIFICATION_LEVELS, type NotificationLevel, ROOM_VISIBILITIES, type RoomVisibility } from './chat.views.js';
import { UNKNOWN_ID_CONTEXT, UuidRef } from '../common/id-ref.js';
import { ATTACHMENTS_PER_MESSAGE_MAX, AttachmentIdsRules } from '../media/media.dto.js';

export const MESSAGE_MAX_LENGTH = 4000;
export const CLIENT_MSG_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Characters as a user counts them (code points): an emoji is one character, not two UTF-16 units. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** True when the object being validated carries at least one attachment id (its text may then be empty). */
function hasAttachments(object: object): boolean {
  const ids = (object as { attachmentIds?: unknown }).attachmentIds;
  return Array.isArray(ids) && ids.length > 0;
}

/**
 * 1–4000 characters once trimmed; the text itself is stored as given. `field` names it in the error (the socket
 * calls it `content`). A send with `attachmentIds` may have empty text (API.md "Media").
 */
export function MessageTextRules(field = 'message'): PropertyDecorator {
  return ValidateBy({
    name: 'messageText',
    validator: {
      validate: (value: unknown, args) => {
        if (typeof value !== 'string') return false;
        const length = characterCount(value.trim());
        const min = args && hasAttachments(args.object) ? 0 : 1;
        return length >= min && length <= MESSAGE_MAX_LENGTH;
      },
      defaultMessage: () => `${field} must be 1-${MESSAGE_MAX_LENGTH} characters after trimming (0 with attachmentIds)`,
    },
  });
}

const SHORTCODE = /^:[a-z0-9_+-]{1,32}:$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Emoji have pictographic or regional-indicator code points (a keycap such as 1️⃣ has the keycap mark). */
const EMOJI_LIKE = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;

/** A reaction: one grapheme cluster that is an emoji, or a `:shortcode:` of 1–32 `[a-z0-9_+-]`. */
export function isReactionEmoji(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  if (SHORTCODE.test(value)) return true;
  let clusters = 0;
  for (const _ of graphemes.segment(value)) if (++clusters > 1) return false;
  return EMOJI_LIKE.test(value);
}

export function ReactionEmoji(): PropertyDecorator {
  return ValidateBy({
    name: 'reactionEmoji',
    validator: {
      validate: isReactionEmoji,
      defaultMessage: () => 'emoji must be one emoji (a single grapheme cluster) or a :shortcode: of 1-32 [a-z0-9_+-]',
    },
  });
}

/** Longest id a chat route accepts; ids are opaque (UUIDv7 today), longer strings cannot name anything. */
export const CHAT_ID_MAX_LENGTH = 128;

/**
 * An id that names something stored (a path or query id). Any string up to the limit is accepted, so a
 * malformed id gets the same 404 as an unknown one (API.md: unknown → 404), not a 400 that tells clients
 * about our id format.
 */
export function ChatIdRef(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(1, CHAT_ID_MAX_LENGTH, { context: UNKNOWN_ID_CONTEXT })(target, key);
  };
}

function OptionalSeq(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: Number, minimum: 0, description })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
  };
}

function PageLimit(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: Number, minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(1)(target, key);
    Max(PAGE_LIMIT_MAX)(target, key);
  };
}

function OptionalCursor(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description: 'nextCursor of the previous page' })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(256)(target, key);
  };
}

// ---- HTTP bodies ----

export class PostMessageBody {
  @ApiProperty({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, description: '1–4000 characters after trimming; stored as given' })
  @MessageTextRules()
  message: string;

  @ApiPropertyOptional({
    pattern: CLIENT_MSG_ID_PATTERN.source,
    description: 'idempotency key: a repeat from the same sender returns the original message, even if `message` differs',
  })
  @IsOptional()
  @IsString()
  @Matches(CLIENT_MSG_ID_PATTERN, { message: 'clientMsgId must be 1-128 characters of [A-Za-z0-9_.:-]' })
  clientMsgId?: string;

  @ApiPropertyOptional({ description: 'quote a message of the same conversation (404 if it is not one); the reply shows it as `replyTo`' })
  @IsOptional()
  @ChatIdRef()
  replyToId?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: ATTACHMENTS_PER_MESSAGE_MAX,
    description: 'ids of your uploads (POST /api/media) to attach: another user\'s upload 404, one already attached 409 ALREADY_ATTACHED; with them `message` may be ""',
  })
  @AttachmentIdsRules()
  attachmentIds?: string[];
  @ApiPropertyOptional({
    description: 'post into the thread of this root message (same conversation, not itself a thread reply; else 404). Thread replies are in the sync log and /messages/:id/thread, not in the main history',
  })
  @IsOptional()
  @ChatIdRef()
  threadId?: string;
}

export class SendBody extends PostMessageBody {
  @ApiProperty({ description: 'the other user of the direct conversation' })
  @UuidRef()
  recipientId: string;
}

export class EditMessageBody {
  @ApiProperty({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH })
  @MessageTextRules()
  message: string;
}

export class MarkReadBody {
  @ApiProperty({ minimum: 0, description: 'read up to and including this seq (clamped to lastSeq; never moves back)' })
  @IsInt()
  @Min(0)
  seq: number;
}

export class CreateRoomBody {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ enum: ROOM_VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(ROOM_VISIBILITIES)
  visibility?: RoomVisibility;

  @ApiPropertyOptional({ type: [String], description: 'initial members besides the creator (max 200)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @UuidRef({ each: true })
  memberIds?: string[];
}

export class AddMemberBody {
  @ApiProperty()
  @UuidRef()
  userId: string;

  @ApiPropertyOptional({
    enum: ['admin', 'member'],
    description: 'addition: the owner may make a member admin (or back); default member',
  })
  @IsOptional()
  @IsIn(['admin', 'member'])
  role?: 'admin' | 'member';
}

export class NotificationLevelBody {
  @ApiProperty({ enum: NOTIFICATION_LEVELS, description: 'all: every message; mentions: only messages that mention you (direct messages count as mentions); none: nothing' })
  @IsIn(NOTIFICATION_LEVELS)
  level: NotificationLevel;
}

// ---- HTTP queries ----

export class ChatPageQuery {
  @PageLimit() limit?: number;
  @OptionalCursor() cursor?: string;
}

export class SeqPageQuery {
  @OptionalSeq('newest first, strictly older than this seq') before?: number;
  @OptionalSeq('oldest first, strictly newer than this seq') after?: number;
  @PageLimit() limit?: number;
}

export class MessagesQuery extends SeqPageQuery {
  @ApiPropertyOptional({ description: 'the other user of a direct conversation' })
  @IsOptional()
  @ChatIdRef()
  with?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ChatIdRef()
  conversationId?: string;
}

export class EventsQuery {
  @OptionalSeq('events with a greater seq (default 0: from the start)') after?: number;
  @PageLimit() limit?: number;
}

export class ReactionsQuery extends ChatPageQuery {
  @ApiPropertyOptional({ description: 'only this emoji' })
  @IsOptional()
  @ReactionEmoji()
  emoji?: string;
}

export class RoomsQuery extends ChatPageQuery {
  @ApiPropertyOptional({ description: 'case-insensitive part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: ['public', 'mine'], default: 'public' })
  @IsOptional()
  @IsIn(['public', 'mine'])
  scope?: 'public' | 'mine';
}

export class SearchQuery extends ChatPageQuery {
  @ApiProperty({ description: 'words that must all occur in the message' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'q must contain at least one letter or digit' })
  @MaxLength(200)
  q: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ChatIdRef()
  conversationId?: string;
}
