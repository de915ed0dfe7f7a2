import { SessionCommand } from '../auth/auth.dto.js';
import { NO_REPLY, rpc, subjectsOf } from '../contract.js';
import {
  NotificationPreferences,
  PushSubscriptionCommand,
  PushSubscriptionList,
  PushSubscriptionRef,
  SubscribePushCommand,
  UpdatePreferencesCommand,
  VapidKeyQuery,
  VapidPublicKey,
} from './notifications.dto.js';

/** The notifications service's request/reply subjects: subject, command class, reply. */
export const NOTIFICATIONS_RPC = {
  vapidPublicKey: rpc('notifications.vapid-public-key', VapidKeyQuery, VapidPublicKey),
  subscribePush: rpc('notifications.push-subscriptions.add', SubscribePushCommand, PushSubscriptionRef),
  listPushSubscriptions: rpc('notifications.push-subscriptions.list', SessionCommand, PushSubscriptionList),
  deletePushSubscription: rpc('notifications.push-subscriptions.delete', PushSubscriptionCommand, NO_REPLY),
  getPreferences: rpc('notifications.preferences.get', SessionCommand, NotificationPreferences),
  updatePreferences: rpc('notifications.preferences.update', UpdatePreferencesCommand, NotificationPreferences),
} as const;
export const NOTIFICATIONS_SUBJECTS = subjectsOf(NOTIFICATIONS_RPC);

/**
 * The notifications service's durable JetStream consumer of chat's message events (shared by its replicas;
 * JetStream keeps its position while the service is down). Named here so nothing else takes the name.
 */
export const NOTIFICATIONS_MESSAGE_EVENTS_DURABLE = 'notifications-message-pushes';
