import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
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
}
