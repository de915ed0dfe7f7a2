import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { PRESENCE_TTL_SECONDS_DEFAULT } from '#contracts';
import { BaseEnv, JWT_VERIFY_SECRETS_MESSAGE, JWT_VERIFY_SECRETS_PATTERN } from '#common';

/** Empty, or comma-separated ICE server URLs (RFC 7064 / 7065). */
const ICE_URLS = /^$|^(stuns?|turns?):[^\s,]+(,(stuns?|turns?):[^\s,]+)*$/;

export class GatewayEnv extends BaseEnv {
  /** HMAC key that auth signs access tokens with; the gateway verifies them. */
  @IsString({ message: 'JWT_SECRET must be set (at least 32 characters)' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Other keys whose tokens are still accepted, comma-separated: the old key after a rotation (docs/operations.md). */
  @Matches(JWT_VERIFY_SECRETS_PATTERN, { message: JWT_VERIFY_SECRETS_MESSAGE })
  JWT_VERIFY_SECRETS: string = '';

  /** Internal port: /health/live, /health/ready, /health and /metrics (never expose it publicly). */
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 9100;

  /** `*` (any origin; tokens travel in headers, not cookies) or a comma-separated list of origins. */
  @Matches(/^(\*|https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*)$/, {
    message: 'CORS_ORIGINS must be "*" or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS: string = '*';

  /** Largest accepted JSON body (bytes, or a size such as 64kb); larger bodies get 413. */
  @Matches(/^\d+(b|kb|mb)?$/i, { message: 'BODY_LIMIT must be a size such as 65536, 64kb or 1mb' })
  BODY_LIMIT: string = '64kb';

  /** Express "trust proxy": `false`, `true`, a hop count, or addresses/subnets; decides the client IP for rate limits. */
  @IsString()
  TRUST_PROXY: string = 'false';

  /** Login/register/password attempts per client IP per RATE_LIMIT_WINDOW_SECONDS (each route its own budget). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_IP: number = 30;

  /** Writes (REST POST/PUT/PATCH/DELETE and socket events other than sync/typing) per user per window. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_WRITES_PER_USER: number = 120;

  /** Socket `sync` events per user per window (each can ask for many conversations). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_SYNC_PER_USER: number = 30;

  /** Socket `typing` events per user per window. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_TYPING_PER_USER: number = 120;

  /** Socket `call:signal` events per user per window (a call setup sends an offer/answer and a few dozen ICE candidates per peer). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGNALS_PER_USER: number = 1200;

  /** Searches (messages and users) per user per window. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_SEARCH_PER_USER: number = 60;

  /**
   * Presence lease lifetime (seconds): this replica re-writes its users' presence keys every TTL/3, so a
   * replica that dies leaves its users online for at most about this long. Same value on the users service.
   */
  @IsInt()
  @Min(3)
  @Max(3600)
  PRESENCE_TTL_SECONDS: number = PRESENCE_TTL_SECONDS_DEFAULT;

  /** The media service's internal HTTP port, where uploads are streamed to and downloads come from. */
  @Matches(/^https?:\/\/[^\s/]+$/, { message: 'MEDIA_URL must be an http(s) origin such as http://media:3005' })
  MEDIA_URL: string = 'http://127.0.0.1:3005';

  /** Shared with the media service: signs every internal media request. Unset: the media routes answer 503. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'MEDIA_SECRET must be at least 32 characters' })
  MEDIA_SECRET?: string;

  /** Largest upload in bytes (the media service checks it too; set the same value on both). */
  @IsInt()
  @Min(1024)
  MEDIA_MAX_BYTES: number = 25 * 1024 * 1024;

  /** STUN servers for calls (GET /api/calls/ice-servers), comma-separated `stun:` URLs; empty: none. */
  @Matches(ICE_URLS, { message: 'STUN_URLS must be empty or comma-separated stun:/stuns: URLs' })
  STUN_URLS: string = '';

  /** TURN servers for calls, comma-separated `turn:`/`turns:` URLs (e.g. coturn, docker compose profile "turn"); empty: none. */
  @Matches(ICE_URLS, { message: 'TURN_URLS must be empty or comma-separated turn:/turns: URLs' })
  TURN_URLS: string = '';

  /** coturn's `static-auth-secret` (use-auth-secret): the key of the time-limited TURN credentials. Must be set with TURN_URLS. */
  @ValidateIf((env: GatewayEnv) => env.TURN_URLS !== '')
  @IsString()
  @MinLength(16, { message: 'TURN_SHARED_SECRET must be set (at least 16 characters) when TURN_URLS is' })
  TURN_SHARED_SECRET: string = '';

  /** Lifetime of a TURN credential in seconds (60–604800; default 24 h). */
  @IsInt()
  @Min(60)
  @Max(604_800)
  TURN_CREDENTIAL_TTL_SECONDS: number = 86_400;
}
