import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { startTracing, stopTracing, type TracingOptions } from './tracing.js';

/** Flushes the spans still buffered when the process stops (the last requests' spans). */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** Starts tracing when the application module is built, before the first request can arrive. */
@Module({})
export class TracingModule {
  static forRoot(options: TracingOptions): DynamicModule {
    startTracing(options);
    return { module: TracingModule, providers: [TracingShutdown] };
  }
}
