import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AccountEmailController } from './account-email.controller.js';
import { AuthRateLimitGuard } from './auth-rate-limit.guard.js';
import { AuthController } from './auth.controller.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

/** /api/auth routes, the global JWT guard, and the credential-route rate limits (shared: RateLimiter). */
@Module({})
export class AuthGatewayModule {
  static forRoot(): DynamicModule {
    return {
      module: AuthGatewayModule,
      controllers: [AuthController, AccountEmailController],
      providers: [AccessTokenVerifier, AuthRateLimitGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }],
      exports: [AccessTokenVerifier],
    };
  }
}
