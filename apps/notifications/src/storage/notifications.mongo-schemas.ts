import { Schema } from 'mongoose';

export const PUSH_SUBSCRIPTION_MODEL = 'PushSubscription';
export const PREFERENCE_MODEL = 'NotificationPreference';
export const PUSH_DELIVERY_MODEL = 'PushDelivery';

export const PushSubscriptionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    endpoint: { type: String, required: true },
    p256dh: { type: String, required: true },
    auth: { type: String, required: true },
    userAgent: { type: String, default: null },
    createdAt: { type: Date, required: true },
    lastSuccessAt: { type: Date, default: null },
  },
  { collection: 'push_subscriptions', versionKey: false, autoIndex: true },
);
PushSubscriptionSchema.index({ endpoint: 1 }, { unique: true });
PushSubscriptionSchema.index({ userId: 1, createdAt: -1, _id: -1 });

export const PreferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    push: { type: Boolean, required: true },
    email: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'preferences', versionKey: false, autoIndex: true },
);

/** _id is `<messageId>:<subscriptionId>`: the unique key the claim of the idempotency protocol races on. */
export const PushDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'push_deliveries', versionKey: false, autoIndex: true },
);
PushDeliverySchema.index({ updatedAt: 1 });

export const NOTIFICATIONS_MONGO_MODELS = [
  { name: PUSH_SUBSCRIPTION_MODEL, schema: PushSubscriptionSchema },
  { name: PREFERENCE_MODEL, schema: PreferenceSchema },
  { name: PUSH_DELIVERY_MODEL, schema: PushDeliverySchema },
];
