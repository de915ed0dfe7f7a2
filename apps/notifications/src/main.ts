import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '#common';
import { NotificationsAppModule } from './notifications-app.module.js';
import { NotificationsEnv } from './notifications.env.js';

const env = loadConfigOrExit(NotificationsEnv, 'notifications');
await bootstrapService('notifications', env, NotificationsAppModule.forRoot(env));
