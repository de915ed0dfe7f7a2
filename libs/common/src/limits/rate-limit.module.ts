import { type DynamicModule, Global, Module } from '@nestjs/common';
import { RATE_LIMIT_OPTIONS, RateLimiter, type RateLimitOptions } from './rate-limiter.js';

/** The process's RateLimiter with its budgets (gateway: per user and IP; auth: per account). */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [{ provide: RATE_LIMIT_OPTIONS, useValue: options }, RateLimiter],
      exports: [RateLimiter],
    };
  }
}
