import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateBy, ValidateNested, type ValidationArguments } from 'class-validator';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import { UuidRef } from '../common/id-ref.js';
import { ChatIdRef } from './chat.dto.js';
import { CALL_END_REASONS, CALL_MEDIA, type CallEndReason, type CallMedia } from './chat.views.js';

// Audio/video calls (API.md "Calls"): the call state is chat's, the media flows peer to peer. Socket payloads
// (validated strictly by the gateway), the NATS commands (the payload plus the caller and its socket) and views.


/** Full-mesh signalling: each participant sends and receives a stream per other participant (README "Calls"). */
export const CALL_PARTICIPANTS_MAX = 8;
/** An SDP of a video call with a few codecs is 3-8 KB; this leaves room without letting a socket relay blobs. */
export const CALL_SDP_MAX_LENGTH = 16_000;
export const CALL_CANDIDATE_MAX_LENGTH = 1_000;
const SDP_TYPES = ['offer', 'answer', 'pranswer', 'rollback'] as const;

/** RTCSessionDescriptionInit as a browser serialises it. */
export class CallSessionDescription {
  @ApiProperty({ enum: SDP_TYPES }) @IsIn(SDP_TYPES) type: (typeof SDP_TYPES)[number];
  @ApiPropertyOptional({ maxLength: CALL_SDP_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(CALL_SDP_MAX_LENGTH) sdp?: string;
}

/** RTCIceCandidateInit (`candidate.toJSON()`); the end-of-candidates marker has an empty `candidate`. */
export class CallIceCandidate {
  @ApiProperty({ maxLength: CALL_CANDIDATE_MAX_LENGTH }) @IsString() @MaxLength(CALL_CANDIDATE_MAX_LENGTH) candidate: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(64) sdpMid?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(1000) sdpMLineIndex?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(256) usernameFragment?: string | null;
}

/** `description` and `candidate`: exactly one of them. */
function ExactlyOneSignal(): PropertyDecorator {
  return ValidateBy({
    name: 'exactlyOneSignal',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => {
        const o = (args?.object ?? {}) as Partial<CallSignalPayload>;
        return (o.description !== undefined) !== (o.candidate !== undefined);
      },
      defaultMessage: () => 'exactly one of description or candidate is required',
    },
  });
}

export class CallStartPayload {
  @ChatIdRef() conversationId: string;
  @IsIn(CALL_MEDIA) media: CallMedia;
}

/** call:accept, call:decline, call:hangup. */
export class CallIdPayload {
  @ChatIdRef() callId: string;
}

export class CallSignalPayload {
  @ChatIdRef() callId: string;
  @UuidRef() toUserId: string;

  @ExactlyOneSignal()
  @IsOptional()
  @ValidateNested()
  @Type(() => CallSessionDescription)
  description?: CallSessionDescription;

  @IsOptional()
  @ValidateNested()
  @Type(() => CallIceCandidate)
  candidate?: CallIceCandidate;
}

/** The socket a command came from: signals go to the one socket of each participant that is in the call. */
function SocketIdField(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(1, 64)(target, key);
  };
}

export class StartCallCommand extends CallStartPayload {
  @CallerField() caller: Caller;
  @SocketIdField() socketId: string;
}

export class CallCommand extends CallIdPayload {
  @CallerField() caller: Caller;
  @SocketIdField() socketId: string;
}

export class CallSignalCommand extends CallSignalPayload {
  @CallerField() caller: Caller;
}

/** Ack of call:start: the call placed, or the open call of the conversation that the caller joined (glare). */
export class CallRef {
  @ApiProperty({ description: 'the new call, or the open call of the conversation that you joined' }) callId: string;
}

/** Ack of call:accept: who is in the call (the others send this participant an offer). */
export class CallJoined {
  @ApiProperty() callId: string;
  @ApiProperty({ type: [String], description: 'who is in the call now, you included' }) participantIds: string[];
}

export class IceServer {
  @ApiProperty({ type: [String], example: ['turn:turn.example.com:3478?transport=udp'] }) urls: string[];
  @ApiPropertyOptional({ description: 'TURN only: `<expiry unix seconds>:<userId>`' }) username?: string;
  @ApiPropertyOptional({ description: 'TURN only: base64 HMAC-SHA1 of the username with TURN_SHARED_SECRET' }) credential?: string;
}

export class IceServers {
  @ApiProperty({ type: [IceServer] }) iceServers: IceServer[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'when the TURN credentials expire; null without TURN' }) expiresAt: string | null;
}

// Server → client payloads.
export class CallRinging {
  @ApiProperty() callId: string;
  @ApiProperty() conversationId: string;
  @ApiProperty() fromUserId: string;
  @ApiProperty({ enum: CALL_MEDIA }) media: CallMedia;
}

export class CallUserChange {
  @ApiProperty() callId: string;
  @ApiProperty() userId: string;
}

export class CallSignal {
  @ApiProperty() callId: string;
  @ApiProperty() fromUserId: string;
  @ApiPropertyOptional({ type: CallSessionDescription }) description?: CallSessionDescription;
  @ApiPropertyOptional({ type: CallIceCandidate }) candidate?: CallIceCandidate;
}

export class CallEnded {
  @ApiProperty() callId: string;
  @ApiProperty({ enum: CALL_END_REASONS }) reason: CallEndReason;
}
