import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { MongoPreferenceRepository } from '../preferences/preference.mongo-repository.js';
import type { PreferenceRepository } from '../preferences/preference.repository.js';
import { SqlitePreferenceRepository } from '../preferences/preference.sqlite-repository.js';
import { MongoPushDeliveryRepository } from '../push/push-delivery.mongo-repository.js';
import type { PushDeliveryRepository } from '../push/push-delivery.repository.js';
import { SqlitePushDeliveryRepository } from '../push/push-delivery.sqlite-repository.js';
import { NOTIFICATIONS_MONGO_MODELS, PREFERENCE_MODEL, PUSH_DELIVERY_MODEL, PUSH_SUBSCRIPTION_MODEL } from '../storage/notifications.mongo-schemas.js';
import { NOTIFICATIONS_SQLITE_MIGRATIONS } from '../storage/notifications.sqlite-schema.js';
import { MongoPushSubscriptionRepository } from '../subscriptions/push-subscription.mongo-repository.js';
import type { PushSubscriptionRepository } from '../subscriptions/push-subscription.repository.js';
import { SqlitePushSubscriptionRepository } from '../subscriptions/push-subscription.sqlite-repository.js';

export interface NotificationsRepos {
  subscriptions: PushSubscriptionRepository;
  preferences: PreferenceRepository;
  deliveries: PushDeliveryRepository;
}

/** Adapter factories for the repository contract suites (fresh store each time). */
export const notificationsRepositoryFactories = {
  sqlite: (): Promise<Fixture<NotificationsRepos>> =>
    sqliteFixture('notifications', NOTIFICATIONS_SQLITE_MIGRATIONS, (db) => ({
      subscriptions: new SqlitePushSubscriptionRepository(db),
      preferences: new SqlitePreferenceRepository(db),
      deliveries: new SqlitePushDeliveryRepository(db),
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<NotificationsRepos>> =>
    mongoFixture(uri, dbName, NOTIFICATIONS_MONGO_MODELS, (conn) => ({
      subscriptions: new MongoPushSubscriptionRepository(conn.model(PUSH_SUBSCRIPTION_MODEL) as never),
      preferences: new MongoPreferenceRepository(conn.model(PREFERENCE_MODEL) as never),
      deliveries: new MongoPushDeliveryRepository(conn.model(PUSH_DELIVERY_MODEL) as never),
    })),
};
