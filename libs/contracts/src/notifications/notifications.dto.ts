import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmpty, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { SessionCommand } from '../auth/auth.dto.js';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import { UuidRef } from '../common/id-ref.js';

/** At most this many push subscriptions per user; a new one beyond it replaces the oldest. */
export const PUSH_SUBSCRIPTIONS_PER_USER = 10;

/** Code points of a message shown in a push (API.md: preview ≤ 120 code points). */
export const PUSH_PREVIEW_CODE_POINTS = 120;

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

// ---- HTTP bodies (validated by the gateway, again by the service) ----

/** The `keys` of a browser PushSubscription (PushSubscription.toJSON()). */
export class PushSubscriptionKeys {
  @ApiProperty({ description: "the browser's P-256 public key (RFC 8291 ua_public), base64url", maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @Matches(BASE64URL, { message: 'keys.p256dh must be base64url' })
  p256dh: string;

  @ApiProperty({ description: 'the 16-byte authentication secret, base64url', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(BASE64URL, { message: 'keys.auth must be base64url' })
  auth: string;
}

export class PushSubscriptionBody {
  @ApiProperty({
    format: 'uri',
    maxLength: 2048,
    description: "the push service URL from the browser's PushSubscription; https only (unless the server sets WEBPUSH_ALLOW_HTTP)",
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'endpoint must be an http(s) URL' })
  endpoint: string;

  @ApiProperty({ type: PushSubscriptionKeys })
  @IsDefined()
  @ValidateNested()
  @Type(() => PushSubscriptionKeys)
  keys: PushSubscriptionKeys;

  @ApiPropertyOptional({ maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  userAgent?: string;
}

export type EmailNotifications = 'never' | 'mentions' | 'all';
export const EMAIL_NOTIFICATION_VALUES: readonly EmailNotifications[] = ['never', 'mentions', 'all'];

export class NotificationPreferences {
  @ApiProperty({ description: 'Web Push to your subscriptions while you have no connected socket' })
  @IsBoolean()
  push: boolean;

  @ApiProperty({ enum: EMAIL_NOTIFICATION_VALUES, description: 'email about unread messages' })
  @IsIn(EMAIL_NOTIFICATION_VALUES)
  email: EmailNotifications;
}

// ---- NATS commands (validated by the notifications service) ----

export class SubscribePushCommand extends PushSubscriptionBody {
  @CallerField()
  caller: Caller;
}

export class PushSubscriptionCommand extends SessionCommand {
  @UuidRef()
  id: string;
}

export class UpdatePreferencesCommand extends NotificationPreferences {
  @CallerField()
  caller: Caller;
}

/** The VAPID public key needs nobody's identity, so the query carries nothing. */
export class VapidKeyQuery {
  // Never sent: a rule on some property gives the class the validation metadata the strict pipes require.
  @IsEmpty()
  none?: undefined;
}

// ---- Replies ----

export class VapidPublicKey {
  @ApiProperty({ description: 'the VAPID public key (uncompressed P-256 point, base64url): the applicationServerKey of pushManager.subscribe()' })
  publicKey: string;
}

export class PushSubscriptionRef {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class PushSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uri' }) endpoint: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'last push the push service accepted' })
  lastSuccessAt: string | null;
}

export class PushSubscriptionList {
  @ApiProperty({ type: [PushSubscriptionView] }) items: PushSubscriptionView[];
}

/** The decrypted body of every Web Push this service sends (API.md "Notifications"). */
export interface PushMessagePayload {
  type: 'message';
  conversationId: string;
  messageId: string;
  seq: number;
  senderName: string;
  /** The message's first 120 code points. */
  preview: string;
}
