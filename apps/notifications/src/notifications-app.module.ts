import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { NotificationsEnv } from './notifications.env.js';
import { PreferencesHandler } from './preferences/preferences.handler.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { ChatAudience } from './push/chat-audience.js';
import { MessageEventsConsumer } from './push/message-events.consumer.js';
import { MessagePushesService } from './push/message-pushes.service.js';
import { PresenceReader } from './push/presence-reader.js';
import { WebPushSender } from './push/web-push.sender.js';
import { NotificationsStorageModule } from './storage/notifications-storage.module.js';
import { PushSubscriptionsHandler } from './subscriptions/push-subscriptions.handler.js';
import { PushSubscriptionsService } from './subscriptions/push-subscriptions.service.js';

@Module({})
export class NotificationsAppModule {
  static forRoot(env: NotificationsEnv): DynamicModule {
    return {
      module: NotificationsAppModule,
      imports: [CoreModule.forRoot('notifications', env), NotificationsStorageModule.forRoot(env)],
      controllers: [PushSubscriptionsHandler, PreferencesHandler],
      providers: [
        { provide: NotificationsEnv, useValue: env },
        PushSubscriptionsService,
        PreferencesService,
        WebPushSender,
        PresenceReader,
        ChatAudience,
        MessagePushesService,
        MessageEventsConsumer,
      ],
    };
  }
}
