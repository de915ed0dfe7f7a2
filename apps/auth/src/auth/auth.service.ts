import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AUTH_BROADCASTS,
  AUTH_EVENTS,
  type AuthResult,
  type Caller,
  type ChangePasswordCommand,
  ErrorCode,
  type LoginCommand,
  type RefreshCommand,
  type RegisterCommand,
  type RevokeSessionCommand,
  type SessionList,
  type SessionRevokedBroadcast,
  type SessionRevokedReason,
  type SessionValidity,
  type ValidateSessionQuery,
} from '#contracts';
import { DomainError, NatsBus, newId, RateLimiter } from '#common';
import { AUTH_BUDGETS } from './auth-budgets.js';
import { accountEvent } from '../accounts/account-events.js';
import type { Account } from '../accounts/account.entity.js';
import { AccountRepository } from '../accounts/account.repository.js';
import { takenError } from '../accounts/taken.error.js';
import { AccountMailer } from '../mail/account-mailer.service.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { AuthEnv } from '../auth.env.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { privateProfileOf } from './private-profile.js';
import { adminUsernames, roleOf } from '../roles/role-of.js';
import { TokenService } from './token.service.js';

const DAY_MS = 86_400_000;
/** lastUsedAt is bookkeeping for the sessions list: refreshing it once a minute is precise enough. */
const TOUCH_INTERVAL_MS = 60_000;

const invalidCredentials = () => new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Invalid login or password');
const unauthorized = (message = 'Session is not valid') => new DomainError(ErrorCode.UNAUTHORIZED, message);

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly bus: NatsBus,
    private readonly relay: OutboxRelay,
    @Inject(AuthEnv) private readonly env: AuthEnv,
    private readonly limiter: RateLimiter,
    private readonly mailer: AccountMailer,
  ) {}

  async register(cmd: RegisterCommand): Promise<AuthResult> {
    const now = new Date();
    const account: Account = {
      id: newId(),
      username: cmd.username,
      email: cmd.email,
      passwordHash: await this.passwords.hash(cmd.password),
      // ADMIN_USERNAMES: a listed name is admin from its registration on (the first admin of a new install).
      roles: [adminUsernames(this.env.ADMIN_USERNAMES).has(cmd.username.normalize('NFC').toLowerCase()) ? 'admin' : 'user'],
      disabled: false,
      emailVerified: false,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now,
    };
    try {
      await this.accounts.create(account, [accountEvent(AUTH_EVENTS.accountRegistered, account, now)]);
    } catch (error) {
      throw takenError(error);
    }
    this.relay.nudge();
    this.logger.log({ userId: account.id }, 'account registered');
    this.mailer.sendVerification(account);
    return this.openSession(account, cmd.client, now);
  }

  async login(cmd: LoginCommand): Promise<AuthResult> {
    const login = cmd.login ?? cmd.username ?? cmd.email ?? '';
    // Usernames cannot contain "@", so the form of the login says which index to use.
    const account = login.includes('@')
      ? await this.accounts.findByEmail(login)
      : await this.accounts.findByUsername(login);
    // Counted per account (by username or by email alike); an unknown login by its name, so both cost the same.
    await this.limiter.take(AUTH_BUDGETS.login, account?.id ?? `unknown:${login.toLowerCase()}`);
    // Unknown login and wrong password take one bcrypt comparison each and fail identically.
    const ok = await this.passwords.verify(cmd.password, account?.passwordHash);
    if (!account || !ok) throw invalidCredentials();
    if (account.disabled) throw new DomainError(ErrorCode.ACCOUNT_DISABLED, 'This account is disabled');
    const now = new Date();
    const passwordHash = this.passwords.isOutdated(account.passwordHash)
      ? await this.passwords.hash(cmd.password)
      : undefined;
    const updated = await this.accounts.update(account.id, { lastLoginAt: now, ...(passwordHash ? { passwordHash } : {}) });
    return this.openSession(updated ?? account, cmd.client, now);
  }

  async refresh(cmd: RefreshCommand): Promise<AuthResult> {
    const parts = this.tokens.parseRefresh(cmd.refreshToken);
    const session = parts ? await this.sessions.findById(parts.sessionId) : null;
    if (!session || session.revokedAt) throw unauthorized('Refresh token is not valid');
    const now = new Date();
    if (session.lastUsedAt.getTime() + this.env.REFRESH_TOKEN_TTL_DAYS * DAY_MS < now.getTime()) {
      await this.revoke(session, 'revoked', now);
      throw unauthorized('Refresh token has expired');
    }
    const account = await this.accounts.findById(session.userId);
    if (!account || account.disabled) throw unauthorized('Refresh token is not valid');
    const next = this.tokens.issueRefresh(session.id);
    const rotated = await this.sessions.rotateRefresh(session.id, this.tokens.hashRefresh(cmd.refreshToken), next.hash, now);
    if (!rotated && !parts?.issued) throw unauthorized('Refresh token is not valid');
    if (!rotated) {
      // A spent token came back: someone holds a copy. End the session for everyone holding it.
      this.logger.warn({ userId: session.userId, sessionId: session.id }, 'refresh token reuse: session revoked');
      await this.revoke(session, 'refresh_reuse', now);
      throw unauthorized('Refresh token was already used; the session has been ended');
    }
    return this.result(account, session.id, next.token);
  }

  async logout({ caller }: { caller: Caller }): Promise<void> {
    const session = await this.ownedSession(caller.userId, caller.sessionId);
    if (session) await this.revoke(session, 'logout', new Date());
  }

  async listSessions({ caller }: { caller: Caller }): Promise<SessionList> {
    const sessions = await this.sessions.listActive(caller.userId);
    return {
      items: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        userAgent: s.userAgent,
        current: s.id === caller.sessionId,
      })),
    };
  }

  async revokeSession({ caller, targetSessionId }: RevokeSessionCommand): Promise<void> {
    const session = await this.ownedSession(caller.userId, targetSessionId);
    if (!session || session.revokedAt) throw DomainError.notFound('Session');
    await this.revoke(session, 'revoked', new Date());
  }

  async changePassword({ caller, currentPassword, newPassword }: ChangePasswordCommand): Promise<void> {
    const account = await this.accounts.findById(caller.userId);
    if (!account) throw unauthorized();
    // Guessing currentPassword from a stolen access token is limited like logging in.
    await this.limiter.take(AUTH_BUDGETS.password, account.id);
    if (!(await this.passwords.verify(currentPassword, account.passwordHash))) {
      throw DomainError.validation([{ field: 'currentPassword', message: 'currentPassword is incorrect' }], 'Current password is incorrect');
    }
    const now = new Date();
    await this.accounts.update(account.id, { passwordHash: await this.passwords.hash(newPassword) });
    const revoked = await this.sessions.revokeAllForUser(account.id, caller.sessionId, 'password_changed', now);
    this.broadcastRevoked(account.id, revoked, 'password_changed');
  }

  /** Called by the gateway on every authenticated request: a revoked session fails at once. */
  async validateSession({ userId, sessionId }: ValidateSessionQuery): Promise<SessionValidity> {
    const session = await this.sessions.findById(sessionId);
    const valid = session !== null && session.userId === userId && session.revokedAt === null;
    if (valid) {
      const now = new Date();
      await this.sessions.touch(sessionId, now, new Date(now.getTime() - TOUCH_INTERVAL_MS));
    }
    return { valid };
  }

  /**
   * Ends every live session of the user (disable, role change), telling every gateway replica to disconnect
   * their sockets with `reason`: the access tokens already fail at the next request (validateSession).
   */
  async revokeAllSessions(userId: string, reason: SessionRevokedReason): Promise<void> {
    const revoked = await this.sessions.revokeAllForUser(userId, null, reason, new Date());
    this.broadcastRevoked(userId, revoked, reason);
  }

  private async openSession(account: Account, client: RegisterCommand['client'], now: Date): Promise<AuthResult> {
    const sessionId = newId();
    const refresh = this.tokens.issueRefresh(sessionId);
    const session: Session = {
      id: sessionId,
      userId: account.id,
      refreshHash: refresh.hash,
      userAgent: client.userAgent ?? null,
      ip: client.ip ?? null,
      createdAt: now,
      lastUsedAt: now,
      revokedAt: null,
      revokeReason: null,
    };
    await this.sessions.create(session);
    return this.result(account, sessionId, refresh.token);
  }

  private async result(account: Account, sessionId: string, refreshToken: string): Promise<AuthResult> {
    return {
      user: privateProfileOf(account),
      accessToken: await this.tokens.signAccess(account.id, sessionId, roleOf(account)),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }

  private async ownedSession(userId: string, sessionId: string): Promise<Session | null> {
    const session = await this.sessions.findById(sessionId);
    return session && session.userId === userId ? session : null;
  }

  private async revoke(session: Session, reason: SessionRevokedReason, at: Date): Promise<void> {
    if (await this.sessions.revoke(session.id, reason, at)) {
      this.broadcastRevoked(session.userId, [session.id], reason);
    }
  }

  /** Lets every gateway replica disconnect the sessions' sockets (the token itself already fails). */
  private broadcastRevoked(userId: string, sessionIds: string[], reason: SessionRevokedReason): void {
    if (sessionIds.length === 0) return;
    const message: SessionRevokedBroadcast = { userId, sessionIds, reason };
    this.bus.publish(AUTH_BROADCASTS.sessionRevoked, message);
  }
}
