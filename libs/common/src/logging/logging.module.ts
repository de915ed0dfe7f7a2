import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import type { LogLevel } from '../config/base.env.js';
import { activeTraceIds } from '../tracing/tracing.js';

export interface LoggingOptions {
  service: string;
  level: LogLevel;
  format: 'json' | 'pretty';
}

const QUIET_PATHS = new Set(['/health', '/metrics']);

/** Structured JSON logs (pino). Every line written while serving a request carries its `requestId`. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            // The gateway assigns req.id before any middleware; services take the caller's header or make one.
            genReqId: (req: IncomingMessage & { id?: unknown }) =>
              typeof req.id === 'string' ? req.id : normalizeRequestId(req.headers[REQUEST_ID_HEADER]),
            quietReqLogger: true,
            // Every line written while serving a request names it, and its trace (docs/adr/0020).
            mixin: () => {
              const requestId = requestContext.requestId();
              return { ...(requestId ? { requestId } : {}), ...activeTraceIds() };
            },
            autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url ?? '') },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
            ...(options.format === 'pretty' ? { transport: { target: 'pino-pretty' } } : {}),
          },
        }),
      ],
    };
  }
}
