import { Schema } from 'mongoose';

const outboxEventSchema = new Schema(
  {
    id: { type: String, required: true },
    subject: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    traceparent: { type: String },
  },
  { _id: false },
);

/**
 * An account document carries its own unpublished events (`outbox`): a single-document write is atomic
 * in MongoDB without a replica-set transaction, so state and events cannot diverge (ADR 0003).
 */
export const AccountSchema = new Schema(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    usernameKey: { type: String, required: true, unique: true },
    email: { type: String, required: true },
    emailKey: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], default: [] },
    disabled: { type: Boolean, default: false },
    emailVerified: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastLoginAt: { type: Date, default: null },
    outbox: { type: [outboxEventSchema], default: [] },
    revision: { type: Number, default: 0 },
  },
  { collection: 'accounts', versionKey: false, autoIndex: true },
);
AccountSchema.index({ 'outbox.createdAt': 1 }, { partialFilterExpression: { 'outbox.0': { $exists: true } } });

export const SessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    refreshHash: { type: String, required: true },
    userAgent: { type: String, default: null },
    ip: { type: String, default: null },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokeReason: { type: String, default: null },
  },
  { collection: 'sessions', versionKey: false, autoIndex: true },
);
SessionSchema.index({ userId: 1, revokedAt: 1 });

/** Append-only: the repository never updates or deletes. */
export const AuditSchema = new Schema(
  {
    _id: { type: String, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'audit_log', versionKey: false, autoIndex: true },
);
AuditSchema.index({ at: -1, _id: -1 });
AccountSchema.index({ roles: 1, disabled: 1 });
/** Mailed single-use tokens (ADR 0015); `_id` is the token's SHA-256, the token itself is never stored. */
export const EmailTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    purpose: { type: String, required: true },
    email: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'email_tokens', versionKey: false, autoIndex: true },
);
EmailTokenSchema.index({ userId: 1, purpose: 1 });
EmailTokenSchema.index({ expiresAt: 1 });

/**
 * The last-admin rule's lock (ADR 0016): one document, held for a short lease by the auth process (or CLI) that is
 * counting the admins and writing a change that can take the role away. MongoDB without a replica set has no
 * multi-document transaction, so the count and the write are serialised here instead.
 */
export const AdminGuardSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'admin_guard', versionKey: false, autoIndex: true },
);

export const ACCOUNT_MODEL = 'Account';
export const ADMIN_GUARD_MODEL = 'AdminGuard';
export const AUDIT_MODEL = 'AuditEntry';
export const SESSION_MODEL = 'Session';
export const EMAIL_TOKEN_MODEL = 'EmailToken';

export const AUTH_MONGO_MODELS = [
  { name: ACCOUNT_MODEL, schema: AccountSchema },
  { name: SESSION_MODEL, schema: SessionSchema },
  { name: AUDIT_MODEL, schema: AuditSchema },
  { name: EMAIL_TOKEN_MODEL, schema: EmailTokenSchema },
  { name: ADMIN_GUARD_MODEL, schema: AdminGuardSchema },
];
