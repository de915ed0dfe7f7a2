import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ServiceEnv } from '#common';

export const MEDIA_STORAGES = ['filesystem', 'gridfs', 's3'] as const;
export type MediaStorage = (typeof MEDIA_STORAGES)[number];

export class MediaEnv extends ServiceEnv {
  /** Internal port: /health and /metrics. */
  override PORT: number = 3006;

  /** Internal HTTP port the gateway streams uploads to and downloads from (never exposed publicly). */
  @IsInt()
  @Min(0)
  @Max(65535)
  MEDIA_HTTP_PORT: number = 3005;

  /** Shared with the gateway: it signs every internal request (and the signed urls are derived from it). */
  @IsString({ message: 'MEDIA_SECRET must be set (at least 32 characters), identical on the gateway and media' })
  @MinLength(32, { message: 'MEDIA_SECRET must be at least 32 characters' })
  MEDIA_SECRET: string;

  /** Largest upload in bytes (default 25 MiB): enforced while the bytes stream in. */
  @IsInt()
  @Min(1024)
  MEDIA_MAX_BYTES: number = 25 * 1024 * 1024;

  /** Images with more pixels than this are refused before they are decoded (decompression bombs). */
  @IsInt()
  @Min(1)
  MEDIA_MAX_PIXELS: number = 50_000_000;

  /** Where blobs live: `filesystem` (DATA_DIR/media), `gridfs` (needs MONGODB_URI) or `s3` (needs S3_*). */
  @IsIn(MEDIA_STORAGES)
  MEDIA_STORAGE: MediaStorage = 'filesystem';

  /** Lifetime of a signed url/thumbnailUrl (seconds). */
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  MEDIA_URL_TTL_SECONDS: number = 3600;

  /** An upload not attached to a message within this many seconds is deleted. */
  @IsInt()
  @Min(1)
  MEDIA_UNATTACHED_TTL_SECONDS: number = 24 * 3600;

  /** How often the collector of unattached uploads runs (seconds). */
  @IsInt()
  @Min(1)
  MEDIA_GC_INTERVAL_SECONDS: number = 600;

  /** How long chat's "may this user read it" answer is reused (ms); 0 asks every time. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  MEDIA_ACCESS_CACHE_MS: number = 1000;

  /** S3-compatible endpoint (MinIO, Ceph, …); empty for AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @ValidateIf((env: MediaEnv) => env.MEDIA_STORAGE === 's3')
  @IsString({ message: 'S3_BUCKET must be set when MEDIA_STORAGE=s3' })
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' })
  S3_BUCKET: string = 'chat-media';

  @IsString()
  S3_REGION: string = 'us-east-1';

  @ValidateIf((env: MediaEnv) => env.MEDIA_STORAGE === 's3')
  @IsString({ message: 'S3_ACCESS_KEY_ID must be set when MEDIA_STORAGE=s3' })
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((env: MediaEnv) => env.MEDIA_STORAGE === 's3')
  @IsString({ message: 'S3_SECRET_ACCESS_KEY must be set when MEDIA_STORAGE=s3' })
  S3_SECRET_ACCESS_KEY?: string;

  /** `true` for most self-hosted S3 servers (bucket in the path, not in the host name). */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'false';

}
