import { type DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { accessTokenJwtOptions, CoreModule, RateLimitModule } from '#common';
import { AccountEmailHandler } from './account-email/account-email.handler.js';
import { AccountEmailService } from './account-email/account-email.service.js';
import { authRateLimits } from './auth/auth-budgets.js';
import { AuthEnv } from './auth.env.js';
import { AccountHandler } from './auth/account.handler.js';
import { AccountService } from './auth/account.service.js';
import { AuthHandler } from './auth/auth.handler.js';
import { AuthService } from './auth/auth.service.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { TokenService } from './auth/token.service.js';
import { AccountMailer } from './mail/account-mailer.service.js';
import { MailQueue } from './mail/mail-queue.service.js';
import { OutboxRelay } from './outbox/outbox-relay.service.js';
import { AuthStorageModule } from './storage/auth-storage.module.js';
import { AccountAdminHandler } from './admin/account-admin.handler.js';
import { AccountAdminService } from './admin/account-admin.service.js';
import { AccountAdminViews } from './admin/account-admin.views.js';
import { AuditHandler } from './audit/audit.handler.js';
import { AuditService } from './audit/audit.service.js';
import { RolesHandler } from './roles/roles.handler.js';
import { RolesService } from './roles/roles.service.js';

@Module({})
export class AuthAppModule {
  static forRoot(env: AuthEnv): DynamicModule {
    return {
      module: AuthAppModule,
      imports: [
        CoreModule.forRoot('auth', env),
        AuthStorageModule.forRoot(env),
        RateLimitModule.forRoot(authRateLimits(env)),
        JwtModule.register(accessTokenJwtOptions(env.JWT_SECRET, env.JWT_ACCESS_TTL_SECONDS)),
      ],
      controllers: [AuthHandler, AccountHandler, AccountEmailHandler, RolesHandler, AccountAdminHandler, AuditHandler],
      providers: [
        { provide: AuthEnv, useValue: env },
        AuthService,
        AccountService,
        PasswordHasher,
        TokenService,
        OutboxRelay,
        RolesService,
        AccountAdminService,
        AccountAdminViews,
        AuditService,
        MailQueue,
        AccountMailer,
        AccountEmailService,
      ],
    };
  }
}
