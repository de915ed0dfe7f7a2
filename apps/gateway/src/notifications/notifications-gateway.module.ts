import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller.js';

/** REST routes under /api/notifications (VAPID key, push subscriptions, preferences). */
@Module({ controllers: [NotificationsController] })
export class NotificationsGatewayModule {}
