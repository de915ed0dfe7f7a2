import { IsBoolean, IsInt, IsOptional, IsString, Matches, Min, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { ChatIdRef, CHAT_ID_MAX_LENGTH, CLIENT_MSG_ID_PATTERN, MessageTextRules, ReactionEmoji } from '../chat/chat.dto.js';
import { UuidRef } from '../common/id-ref.js';
import { AttachmentIdsRules } from '../media/media.dto.js';

// Payloads of the client → server Socket.IO events. The gateway validates them strictly (unknown fields
// are an error, as over REST); the identity never comes from here but from the socket's verified token.

/** Most conversations one `sync` may name (the chat service's SyncCommand accepts the same). */
export const SYNC_MAX_CONVERSATIONS = 1000;

const isSent = (value: unknown) => value !== undefined;

/** `conversationId` and `recipientId`: exactly one of them. */
function ExactlyOneTarget(): PropertyDecorator {
  return ValidateBy({
    name: 'exactlyOneTarget',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => {
        const o = (args?.object ?? {}) as Partial<SendMessagePayload>;
        return isSent(o.conversationId) !== isSent(o.recipientId);
      },
      defaultMessage: () => 'exactly one of conversationId or recipientId is required',
    },
  });
}

export class SendMessagePayload {
  /** Validated when sent, and when neither target is sent (so that the missing target is reported). */
  @ValidateIf((o: SendMessagePayload) => isSent(o.conversationId) || !isSent(o.recipientId))
  @ExactlyOneTarget()
  @ChatIdRef()
  conversationId?: string;

  /** The other user of a direct conversation (created by the first message). */
  @ValidateIf((o: SendMessagePayload) => isSent(o.recipientId))
  @UuidRef()
  recipientId?: string;

  @MessageTextRules('content')
  content: string;

  /** Required on the socket: a client that lost the ack can only retry safely with it. */
  @IsString()
  @Matches(CLIENT_MSG_ID_PATTERN, { message: 'clientMsgId must be 1-128 characters of [A-Za-z0-9_.:-]' })
  clientMsgId: string;

  /** Quote a message of the same conversation, as over REST. */
  @IsOptional()
  @ChatIdRef()
  replyToId?: string;

  /** Uploads to attach (as on the REST send routes); with them `content` may be "". */
  @AttachmentIdsRules()
  attachmentIds?: string[];
  /** Post into a thread, as over REST. */
  @IsOptional()
  @ChatIdRef()
  threadId?: string;
}

export class EditMessagePayload {
  @ChatIdRef() messageId: string;
  @MessageTextRules('content') content: string;
}

export class DeleteMessagePayload {
  @ChatIdRef() messageId: string;
}

export class ReactionPayload {
  @ChatIdRef() messageId: string;
  @ReactionEmoji() emoji: string;
}

export class TypingPayload {
  @ChatIdRef() conversationId: string;
  @IsBoolean() isTyping: boolean;
}

export class ReadPayload {
  @ChatIdRef() conversationId: string;
  @IsInt() @Min(0) seq: number;
}

/** `{ [conversationId]: lastSeenSeq }`: a plain object of at most SYNC_MAX_CONVERSATIONS non-negative integers. */
function SyncPositionsRules(): PropertyDecorator {
  return ValidateBy({
    name: 'syncPositions',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const entries = Object.entries(value);
        return (
          entries.length <= SYNC_MAX_CONVERSATIONS &&
          entries.every(([id, seq]) => id.length >= 1 && id.length <= CHAT_ID_MAX_LENGTH && Number.isSafeInteger(seq) && (seq as number) >= 0)
        );
      },
      defaultMessage: () =>
        `conversations must be an object of at most ${SYNC_MAX_CONVERSATIONS} entries { [conversationId]: lastSeenSeq } with integer seqs >= 0`,
    },
  });
}

export class SyncPayload {
  @SyncPositionsRules() conversations: Record<string, number>;
}
