import { IsDefined, IsIn, IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PRESENCE_TTL_SECONDS_DEFAULT } from '#contracts';
import { ServiceEnv } from '#common';

/** Either key set: both must be (a half pair is a mistake, not a request for a generated one). */
const vapidKeySet = (env: NotificationsEnv) => env.VAPID_PUBLIC_KEY !== undefined || env.VAPID_PRIVATE_KEY !== undefined;

export class NotificationsEnv extends ServiceEnv {
  override PORT: number = 3004;

  /**
   * VAPID key pair (RFC 8292), base64url as `web-push generate-vapid-keys` prints it. Both or neither: when
   * neither is set a pair is generated once in DATA_DIR/.vapid-keys.json (local runs; set them in production,
   * since browsers' subscriptions are bound to the public key).
   */
  @ValidateIf(vapidKeySet)
  @IsDefined({ message: 'VAPID_PUBLIC_KEY must be set together with VAPID_PRIVATE_KEY' })
  @Matches(/^[A-Za-z0-9_-]{86,88}$/, { message: 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (87 characters)' })
  VAPID_PUBLIC_KEY?: string;

  @ValidateIf(vapidKeySet)
  @IsDefined({ message: 'VAPID_PRIVATE_KEY must be set together with VAPID_PUBLIC_KEY' })
  @Matches(/^[A-Za-z0-9_-]{42,44}$/, { message: 'VAPID_PRIVATE_KEY must be a P-256 private key, base64url (43 characters)' })
  VAPID_PRIVATE_KEY?: string;

  /** Who push services contact about our traffic (the VAPID `sub` claim): a mailto: or https: URL. */
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { message: 'VAPID_SUBJECT must be a mailto: or https: URL' })
  VAPID_SUBJECT: string = 'mailto:admin@localhost';

  /** `true` accepts http:// endpoints and private/loopback addresses (tests and local runs only; see docs/adr/0014). */
  @IsIn(['true', 'false'], { message: 'WEBPUSH_ALLOW_HTTP must be true or false' })
  WEBPUSH_ALLOW_HTTP: 'true' | 'false' = 'false';

  /** How long a push service keeps a push for an unreachable device (TTL header), seconds. */
  @IsInt()
  @Min(0)
  @Max(2_419_200)
  WEBPUSH_TTL_SECONDS: number = 86_400;

  /** Deadline of one request to a push service. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBPUSH_TIMEOUT_MS: number = 10_000;

  /** Tries of one push answered 429 or 5xx (or not answered), waiting RETRY_BASE × 2^n (or Retry-After) in between. */
  @IsInt()
  @Min(1)
  @Max(10)
  WEBPUSH_ATTEMPTS: number = 4;

  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBPUSH_RETRY_BASE_MS: number = 1000;

  /** Presence lease lifetime, as on the gateways (the bucket is created by whichever process comes first). */
  @IsInt()
  @Min(3)
  @Max(3600)
  PRESENCE_TTL_SECONDS: number = PRESENCE_TTL_SECONDS_DEFAULT;
}
