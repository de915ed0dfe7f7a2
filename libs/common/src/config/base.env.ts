import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every process reads. Defaults are the local, no-container setup. */
export class BaseEnv {
  @IsString()
  @Matches(/^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/, {
    message: 'NATS_URL must be one or more comma-separated nats:// URLs',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'NATS_NAMESPACE must be 1-64 characters of [A-Za-z0-9_-]' })
  NATS_NAMESPACE: string = 'chat';

  @IsInt()
  @Min(50)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 5000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** `json` for machines (default), `pretty` for a human at a terminal (needs pino-pretty installed). */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  @IsString()
  HOST: string = '0.0.0.0';

  /** Rate limits (gateway and auth): every budget below is per this many seconds, refilled continuously. */
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS: number = 60;

  /** Login and password-change attempts per account per window (auth counts them: username and email are one account). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_ACCOUNT: number = 10;

  /** `nats`: limits shared by all replicas in a NATS KV bucket; `memory`: per process (one replica only). */
  @IsIn(['nats', 'memory'])
  RATE_LIMIT_STORE: 'nats' | 'memory' = 'nats';

  /**
   * OpenTelemetry: OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); spans go to `<url>/v1/traces`
   * as JSON. Unset: traces are still propagated and logged by id, but nothing is exported.
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Port of the process's HTTP listener (the API for the gateway; /health and /metrics for the services). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;
}

/** Variables of the services that own data. */
export class ServiceEnv extends BaseEnv {
  @IsString()
  DATA_DIR: string = './data';

  /** When set, the service stores its data in MongoDB instead of the embedded SQLite file. */
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URI must start with mongodb:// or mongodb+srv://' })
  MONGODB_URI?: string;

  /** Database name prefix on MongoDB: each service uses `${MONGODB_DB_PREFIX}_<service>`. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'MONGODB_DB_PREFIX must be 1-40 characters of [A-Za-z0-9_-]' })
  MONGODB_DB_PREFIX: string = 'chat';
}
