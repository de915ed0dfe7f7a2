import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import type { GatewayEnv } from '../gateway.env.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { accountTracker, AuthRateLimitGuard, THROTTLE_BY_ACCOUNT, THROTTLE_BY_IP } from './auth-rate-limit.guard.js';
import { AuthController } from './auth.controller.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

/**
 * /api/auth routes, the global JWT guard, and the credential-route rate limits.
 * Limits are counted per replica (in memory); see docs/adr for the shared-store follow-up.
 */
@Module({})
export class AuthGatewayModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    const ttl = env.RATE_LIMIT_WINDOW_SECONDS * 1000;
    return {
      module: AuthGatewayModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [
            { name: THROTTLE_BY_IP, ttl, limit: env.RATE_LIMIT_AUTH_PER_IP },
            {
              name: THROTTLE_BY_ACCOUNT,
              ttl,
              limit: env.RATE_LIMIT_AUTH_PER_ACCOUNT,
              getTracker: (req: Record<string, unknown>) => accountTracker(req as unknown as Request),
            },
          ],
        }),
      ],
      controllers: [AuthController],
      providers: [AccessTokenVerifier, AuthRateLimitGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }],
      exports: [AccessTokenVerifier],
    };
  }
}
