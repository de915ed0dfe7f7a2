import { Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller.js';
import { AnnouncementsController, ModerationController } from './moderation.controller.js';
import { ReportsController } from './reports.controller.js';
import { RoleGuard } from './required-role.js';
import { RoomModerationController } from './room-moderation.controller.js';

/** /api/admin and /api/reports (administration and moderation). */
@Module({ controllers: [AdminUsersController, ModerationController, AnnouncementsController, ReportsController, RoomModerationController], providers: [RoleGuard] })
export class AdminGatewayModule {}
