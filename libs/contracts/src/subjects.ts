import { type CHAT_SUBJECTS } from './chat/index.js';
import { type USERS_SUBJECTS } from './users/index.js';

/**
 * Every NATS subject of the system, without the namespace prefix: the transport adds
 * `${NATS_NAMESPACE}.` in front, so two copies of the system can share one NATS server.
 */
export const AUTH_SUBJECTS = {
  register: 'auth.register',
  login: 'auth.login',
  refresh: 'auth.refresh',
  logout: 'auth.logout',
  listSessions: 'auth.sessions.list',
  revokeSession: 'auth.sessions.revoke',
  changePassword: 'auth.password.change',
  validateSession: 'auth.session.validate',
  updateAccount: 'auth.account.update',
  getAccount: 'auth.account.get',
} as const;

/** Core NATS pub/sub: ephemeral fan-out, consumed by every gateway replica. */
export const AUTH_BROADCASTS = {
  sessionRevoked: 'auth.broadcast.session-revoked',
} as const;


/**
 * Durable domain events (JetStream). Other services build read copies from them, so they are
 * published from an outbox written atomically with the state change.
 */
export const AUTH_EVENTS = {
  accountRegistered: 'events.auth.account.registered',
  accountUpdated: 'events.auth.account.updated',
  accountDisabled: 'events.auth.account.disabled',
} as const;

type ValuesOf<T> = T[keyof T];
/** Any request/reply subject of any service. */
export type Subject = ValuesOf<typeof AUTH_SUBJECTS> | ValuesOf<typeof USERS_SUBJECTS> | ValuesOf<typeof CHAT_SUBJECTS>;
