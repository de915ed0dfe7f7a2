import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseEnv } from '../config/base.env.js';
import { HealthModule } from '../health/health.module.js';
import { LoggingModule } from '../logging/logging.module.js';
import { NatsModule } from '../nats/nats.module.js';
import { TracingModule } from '../tracing/tracing.module.js';

/** What every process has: JSON logs, traces, the NATS connection, /health and /metrics. */
@Module({})
export class CoreModule {
  static forRoot(service: string, env: BaseEnv): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TracingModule.forRoot({ service, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }),
        LoggingModule.forRoot({ service, level: env.LOG_LEVEL, format: env.LOG_FORMAT }),
        NatsModule.forRoot({
          servers: env.NATS_URL,
          namespace: env.NATS_NAMESPACE,
          timeoutMs: env.RPC_TIMEOUT_MS,
          name: service,
        }),
        HealthModule,
      ],
    };
  }
}
