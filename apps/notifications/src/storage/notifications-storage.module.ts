import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
import type { NotificationsEnv } from '../notifications.env.js';
import { MongoPreferenceRepository } from '../preferences/preference.mongo-repository.js';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { SqlitePreferenceRepository } from '../preferences/preference.sqlite-repository.js';
import { MongoPushDeliveryRepository } from '../push/push-delivery.mongo-repository.js';
import { PushDeliveryRepository } from '../push/push-delivery.repository.js';
import { SqlitePushDeliveryRepository } from '../push/push-delivery.sqlite-repository.js';
import { MongoPushSubscriptionRepository } from '../subscriptions/push-subscription.mongo-repository.js';
import { PushSubscriptionRepository } from '../subscriptions/push-subscription.repository.js';
import { SqlitePushSubscriptionRepository } from '../subscriptions/push-subscription.sqlite-repository.js';
import { NOTIFICATIONS_MONGO_MODELS } from './notifications.mongo-schemas.js';
import { NOTIFICATIONS_SQLITE_MIGRATIONS } from './notifications.sqlite-schema.js';
import { NOTIFICATIONS_SQLITE } from './notifications-storage.tokens.js';

/** Binds the notifications repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Module({})
export class NotificationsStorageModule {
  static forRoot(env: NotificationsEnv): DynamicModule {
    return repositoryStorage(NotificationsStorageModule, env, {
      service: 'notifications',
      bindings: [
        { port: PushSubscriptionRepository, sqlite: SqlitePushSubscriptionRepository, mongo: MongoPushSubscriptionRepository },
        { port: PreferenceRepository, sqlite: SqlitePreferenceRepository, mongo: MongoPreferenceRepository },
        { port: PushDeliveryRepository, sqlite: SqlitePushDeliveryRepository, mongo: MongoPushDeliveryRepository },
      ],
      sqlite: { token: NOTIFICATIONS_SQLITE, migrations: NOTIFICATIONS_SQLITE_MIGRATIONS },
      mongo: { models: NOTIFICATIONS_MONGO_MODELS },
    });
  }
}
