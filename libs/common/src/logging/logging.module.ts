import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import type { LogLevel } from '../config/base.env.js';

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
            genReqId: (req: IncomingMessage) => normalizeRequestId(req.headers[REQUEST_ID_HEADER]),
            customProps: (req: IncomingMessage & { id?: unknown }) => ({ requestId: req.id }),
            mixin: () => {
              const requestId = requestContext.requestId();
              return requestId ? { requestId } : {};
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
