import { Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller.js';
import { RoleGuard } from './required-role.js';

/** /api/admin and /api/reports (administration and moderation). */
@Module({ controllers: [AdminUsersController], providers: [RoleGuard] })
export class AdminGatewayModule {}
