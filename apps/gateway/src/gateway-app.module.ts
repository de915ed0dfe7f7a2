import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CoreModule, LivenessController, RateLimitModule, strictValidationPipe } from '#common';
import { AdminGatewayModule } from './admin/admin-gateway.module.js';
import { AuthGatewayModule } from './auth/auth-gateway.module.js';
import { CallsGatewayModule } from './calls/calls-gateway.module.js';
import { ChatGatewayModule } from './chat/chat-gateway.module.js';
import { GatewayEnv } from './gateway.env.js';
import { ProblemFilter } from './http/problem.filter.js';
import { gatewayRateLimits } from './limits/budgets.js';
import { UserRateLimitInterceptor } from './limits/user-rate-limit.interceptor.js';
import { MediaGatewayModule } from './media/media-gateway.module.js';
import { NotificationsGatewayModule } from './notifications/notifications-gateway.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { UsersGatewayModule } from './users/users-gateway.module.js';

@Module({})
export class GatewayAppModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayAppModule,
      global: true,
      imports: [
        CoreModule.forRoot('gateway', env),
        RateLimitModule.forRoot(gatewayRateLimits(env)),
        AuthGatewayModule.forRoot(),
        UsersGatewayModule, ChatGatewayModule, CallsGatewayModule, AdminGatewayModule, MediaGatewayModule,
        NotificationsGatewayModule,
        RealtimeModule,
      ],
      controllers: [LivenessController],
      providers: [
        { provide: GatewayEnv, useValue: env },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: UserRateLimitInterceptor },
      ],
      exports: [GatewayEnv],
    };
  }
}
