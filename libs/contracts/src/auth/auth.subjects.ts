import { broadcast, durableEvent, NO_REPLY, rpc, shape, subjectsOf } from '../contract.js';
import {
  AccountSummary,
  AuthResult,
  AuthUpdateAccountCommand,
  ChangePasswordCommand,
  GetAccountQuery,
  LoginCommand,
  RefreshCommand,
  RegisterCommand,
  RevokeSessionCommand,
  SessionCommand,
  SessionList,
  type SessionRevokedBroadcast,
  type SessionValidity,
  ValidateSessionQuery,
} from './auth.dto.js';
import { type AccountEventPayload } from './auth.events.js';
import {
  AccountTargetCommand,
  AdminAccount,
  AdminAccountPage,
  AuditListCommand,
  AuditPage,
  DisableAccountCommand,
  GrantRoleCommand,
  ListAccountsCommand,
  RecordAuditCommand,
  type RoleGrantResult,
  SetRoleCommand,
} from '../admin/admin.dto.js';
import { ForgotPasswordCommand, ResetPasswordCommand, VerifyEmailCommand } from './account-email.dto.js';

// Subjects are written without the namespace prefix: the transport adds `${NATS_NAMESPACE}.` in front,
// so two copies of the system can share one NATS server.

/** The auth service's request/reply subjects: subject, command class, reply. */
export const AUTH_RPC = {
  register: rpc('auth.register', RegisterCommand, AuthResult),
  login: rpc('auth.login', LoginCommand, AuthResult),
  refresh: rpc('auth.refresh', RefreshCommand, AuthResult),
  logout: rpc('auth.logout', SessionCommand, NO_REPLY),
  listSessions: rpc('auth.sessions.list', SessionCommand, SessionList),
  revokeSession: rpc('auth.sessions.revoke', RevokeSessionCommand, NO_REPLY),
  changePassword: rpc('auth.password.change', ChangePasswordCommand, NO_REPLY),
  validateSession: rpc('auth.session.validate', ValidateSessionQuery, shape<SessionValidity>('SessionValidity')),
  /** Username/email changes asked by the users service (auth owns their uniqueness). */
  updateAccount: rpc('auth.account.update', AuthUpdateAccountCommand, AccountSummary),
  getAccount: rpc('auth.account.get', GetAccountQuery, AccountSummary),
  /** Administration (moderator+ / admin; the caller's role is checked here as well as at the gateway). */
  listAccounts: rpc('auth.admin.accounts.list', ListAccountsCommand, AdminAccountPage),
  disableAccount: rpc('auth.admin.accounts.disable', DisableAccountCommand, NO_REPLY),
  enableAccount: rpc('auth.admin.accounts.enable', AccountTargetCommand, NO_REPLY),
  setRole: rpc('auth.admin.accounts.role', SetRoleCommand, AdminAccount),
  /** The operator's CLI (scripts/admin.mjs): by username, without a session. */
  grantRole: rpc('auth.admin.roles.grant', GrantRoleCommand, shape<RoleGrantResult>('RoleGrantResult')),
  /** The audit log: other services append the moderation actions they carried out. */
  recordAudit: rpc('auth.audit.record', RecordAuditCommand, NO_REPLY),
  listAudit: rpc('auth.audit.list', AuditListCommand, AuditPage),
  /** Accounts by email (ADR 0015): the mail goes out after the reply. */
  requestEmailVerification: rpc('auth.email.verify-request', SessionCommand, NO_REPLY),
  verifyEmail: rpc('auth.email.verify', VerifyEmailCommand, NO_REPLY),
  forgotPassword: rpc('auth.password.forgot', ForgotPasswordCommand, NO_REPLY),
  resetPassword: rpc('auth.password.reset', ResetPasswordCommand, NO_REPLY),
} as const;
export const AUTH_SUBJECTS = subjectsOf(AUTH_RPC);

/** Core NATS pub/sub: ephemeral fan-out, consumed by every gateway replica. */
export const AUTH_BROADCAST_CONTRACTS = {
  sessionRevoked: broadcast('auth.broadcast.session-revoked', shape<SessionRevokedBroadcast>('SessionRevokedBroadcast')),
} as const;
export const AUTH_BROADCASTS = subjectsOf(AUTH_BROADCAST_CONTRACTS);

/**
 * Durable domain events (JetStream). Other services build read copies from them, so they are
 * published from an outbox written atomically with the state change.
 */
export const AUTH_EVENT_CONTRACTS = {
  accountRegistered: durableEvent('events.auth.account.registered', shape<AccountEventPayload>('AccountEventPayload')),
  accountUpdated: durableEvent('events.auth.account.updated', shape<AccountEventPayload>('AccountEventPayload')),
  accountDisabled: durableEvent('events.auth.account.disabled', shape<AccountEventPayload>('AccountEventPayload')),
} as const;
export const AUTH_EVENTS = subjectsOf(AUTH_EVENT_CONTRACTS);
