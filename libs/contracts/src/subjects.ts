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

export type Subject = (typeof AUTH_SUBJECTS)[keyof typeof AUTH_SUBJECTS];
