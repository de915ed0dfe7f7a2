import { IsOptional, IsString, MaxLength } from 'class-validator';

/** What the gateway knows about the caller's client; never taken from the HTTP body. */
export class ClientInfo {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  userAgent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  ip?: string;
}
