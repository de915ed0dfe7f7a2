import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { JWT_VERIFY_SECRETS_MESSAGE, JWT_VERIFY_SECRETS_PATTERN, ServiceEnv } from '#common';

export class AuthEnv extends ServiceEnv {
  override PORT: number = 3001;

  /** HMAC key for access tokens; shared with the gateway, which verifies them. */
  @IsString({ message: 'JWT_SECRET must be set (at least 32 characters)' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Other keys still accepted, comma-separated (the gateway's list): a refresh token MACed with one still counts as ours. */
  @Matches(JWT_VERIFY_SECRETS_PATTERN, { message: JWT_VERIFY_SECRETS_MESSAGE })
  JWT_VERIFY_SECRETS: string = '';

  @IsInt()
  @Min(30)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  /** A refresh token unused for this long stops working. */
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 30;

  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST: number = 12;

  /** Comma-separated usernames made admin at start-up and when they register (the first admin). */
  @Matches(/^[A-Za-z0-9_.\-, ]*$/, { message: 'ADMIN_USERNAMES must be comma-separated usernames' })
  ADMIN_USERNAMES: string = '';
  // ---- Accounts by email (ADR 0015) ----

  /** `smtp://user:pass@host:587` or `smtps://…:465`. Unset: every mail is written as an .eml file under DATA_DIR/mail/. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From header of every mail. */
  @IsString()
  @IsNotEmpty()
  MAIL_FROM: string = 'Chat <no-reply@localhost>';

  /** Where users reach the web client: the links in mails start with it. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL: string = 'http://localhost:3000';

  /** Mails (verification, reset) to one address per RATE_LIMIT_WINDOW_SECONDS, whoever asks. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAIL_PER_ADDRESS: number = 5;
}
