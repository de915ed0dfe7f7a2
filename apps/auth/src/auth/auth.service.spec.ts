import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import bcrypt from 'bcrypt';
import { AUTH_BROADCASTS, AUTH_EVENTS, type AuthResult, ErrorCode, type SessionRevokedBroadcast } from '#contracts';
import { accessTokenJwtOptions, type DomainError, type NatsBus, type NatsModuleOptions, loadConfig, RateLimiter, type RpcClient } from '#common';
import type { Fixture } from '#common/testing';
import { AuthEnv } from '../auth.env.js';
import type { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { type AuthRepos, authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import { recordingMailer } from '../testing/mail.fixture.js';
import { authRateLimits } from './auth-budgets.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenService } from './token.service.js';

const SECRET = 'unit-test-secret-unit-test-secret-123';
const client = { userAgent: 'jest', ip: '127.0.0.1' };

async function expectCode(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as DomainError | undefined;
  expect(error?.code).toBe(code);
  return error as DomainError;
}

describe('AuthService use cases', () => {
  let fixture: Fixture<AuthRepos>;
  let service: AuthService;
  let passwords: PasswordHasher;
  let jwt: JwtService;
  let broadcasts: SessionRevokedBroadcast[];
  let nudges: number;
  let env: AuthEnv;

  const build = async (overrides: Record<string, string> = {}) => {
    env = loadConfig(AuthEnv, { JWT_SECRET: SECRET, BCRYPT_COST: '4', ...overrides });
    passwords = new PasswordHasher(env);
    await passwords.onModuleInit();
    jwt = new JwtService(accessTokenJwtOptions(SECRET, env.JWT_ACCESS_TTL_SECONDS));
    const bus = {
      publish: (subject: string, payload: SessionRevokedBroadcast) => {
        if (subject === AUTH_BROADCASTS.sessionRevoked) broadcasts.push(payload);
      },
    } as unknown as NatsBus;
    const relay = { nudge: () => (nudges += 1) } as unknown as OutboxRelay;
    // The real limiter, counting in memory (the KV store is exercised end to end).
    const limiter = new RateLimiter(authRateLimits(env), { namespace: 'unit' } as NatsModuleOptions, {} as RpcClient);
    const { mailer } = recordingMailer();
    service = new AuthService(fixture.repos.accounts, fixture.repos.sessions, passwords, new TokenService(jwt, env), bus, relay, env, limiter, mailer);
  };

  const register = (username = 'alice', password = 'password123') =>
    service.register({ username, email: `${username}@example.com`, password, client });

  const sidOf = (result: AuthResult) => jwt.decode<{ sid: string }>(result.accessToken).sid;

  beforeEach(async () => {
    fixture = await authRepositoryFactories.sqlite();
    broadcasts = [];
    nudges = 0;
    await build();
  });

  afterEach(async () => {
    await fixture.close();
  });

  describe('register', () => {
    it('stores a bcrypt hash (never the password), opens a session and queues account.registered', async () => {
      const result = await register();
      const account = await fixture.repos.accounts.findByUsername('alice');
      expect(account?.passwordHash).not.toContain('password123');
      expect(await bcrypt.compare('password123', account?.passwordHash ?? '')).toBe(true);
      expect(bcrypt.getRounds(account?.passwordHash ?? '')).toBe(4);
      expect(result).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: account?.id, username: 'alice' } });
      const claims = jwt.verify<{ sub: string; sid: string; jti: string; exp: number; iat: number }>(result.accessToken);
      expect(claims.sub).toBe(account?.id);
      expect(claims.exp - claims.iat).toBe(900);
      expect(await fixture.repos.sessions.findById(claims.sid)).toMatchObject({ userId: account?.id, userAgent: 'jest' });
      const events = await fixture.repos.outbox.pending(10);
      expect(events.map((e) => e.subject)).toEqual([AUTH_EVENTS.accountRegistered]);
      expect(events[0]?.payload).toMatchObject({ accountId: account?.id, username: 'alice' });
      expect(nudges).toBe(1);
    });

    it('turns unique-index refusals into USERNAME_TAKEN / EMAIL_TAKEN and stores nothing more', async () => {
      await register('alice');
      await expectCode(service.register({ username: 'ALICE', email: 'other@example.com', password: 'password123', client }), ErrorCode.USERNAME_TAKEN);
      await expectCode(service.register({ username: 'bob', email: 'ALICE@example.com', password: 'password123', client }), ErrorCode.EMAIL_TAKEN);
      expect(await fixture.repos.outbox.pending(10)).toHaveLength(1);
    });
  });

  describe('login', () => {
    it('accepts username or email in any case and opens a new session each time', async () => {
      const first = await register();
      const byName = await service.login({ login: 'ALICE', password: 'password123', client });
      const byEmail = await service.login({ email: 'Alice@Example.com', password: 'password123', client });
      expect(new Set([sidOf(first), sidOf(byName), sidOf(byEmail)]).size).toBe(3);
    });

    it('fails identically for an unknown login and a wrong password, each after one bcrypt comparison', async () => {
      await register();
      const compare = jest.spyOn(bcrypt, 'compare');
      const wrong = await expectCode(service.login({ login: 'alice', password: 'nope nope', client }), ErrorCode.INVALID_CREDENTIALS);
      const unknown = await expectCode(service.login({ login: 'nobody', password: 'nope nope', client }), ErrorCode.INVALID_CREDENTIALS);
      expect(wrong.message).toBe(unknown.message);
      // Both paths pay one real bcrypt comparison at the configured cost: the unknown login against a dummy hash.
      expect(compare).toHaveBeenCalledTimes(2);
      const hashes = compare.mock.calls.map((call) => String(call[1]));
      expect(hashes.map((hash) => bcrypt.getRounds(hash))).toEqual([4, 4]);
      expect(hashes[1]).not.toBe(hashes[0]);
      compare.mockRestore();
    });

    it('refuses a disabled account only after the password matched', async () => {
      const { user } = await register();
      await fixture.repos.accounts.update(user.id, { disabled: true });
      await expectCode(service.login({ login: 'alice', password: 'bad password', client }), ErrorCode.INVALID_CREDENTIALS);
      await expectCode(service.login({ login: 'alice', password: 'password123', client }), ErrorCode.ACCOUNT_DISABLED);
    });

    it('rehashes a password made with another cost on the next successful login', async () => {
      await register();
      await build({ BCRYPT_COST: '5' });
      await service.login({ login: 'alice', password: 'password123', client });
      const account = await fixture.repos.accounts.findByUsername('alice');
      expect(bcrypt.getRounds(account?.passwordHash ?? '')).toBe(5);
    });
  });

  describe('refresh', () => {
    it('rotates the refresh token within the same session', async () => {
      const first = await register();
      const second = await service.refresh({ refreshToken: first.refreshToken, client });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(sidOf(second)).toBe(sidOf(first));
      const third = await service.refresh({ refreshToken: second.refreshToken, client });
      expect(sidOf(third)).toBe(sidOf(first));
    });

    it('revokes the whole session when a spent token is presented, and says so to the gateways', async () => {
      const first = await register();
      const second = await service.refresh({ refreshToken: first.refreshToken, client });
      await expectCode(service.refresh({ refreshToken: first.refreshToken, client }), ErrorCode.UNAUTHORIZED);
      await expectCode(service.refresh({ refreshToken: second.refreshToken, client }), ErrorCode.UNAUTHORIZED);
      expect(await service.validateSession({ userId: first.user.id, sessionId: sidOf(first) })).toEqual({ valid: false });
      expect(broadcasts).toEqual([{ userId: first.user.id, sessionIds: [sidOf(first)], reason: 'refresh_reuse' }]);
    });

    it('refuses malformed, forged and expired refresh tokens', async () => {
      const first = await register();
      await expectCode(service.refresh({ refreshToken: 'garbage', client }), ErrorCode.UNAUTHORIZED);
      await expectCode(service.refresh({ refreshToken: `rt.${sidOf(first)}`, client }), ErrorCode.UNAUTHORIZED);
      await build({ REFRESH_TOKEN_TTL_DAYS: '1' });
      const session = await fixture.repos.sessions.findById(sidOf(first));
      await fixture.repos.sessions.rotateRefresh(sidOf(first), session!.refreshHash, session!.refreshHash, new Date(Date.now() - 2 * 86_400_000));
      await expectCode(service.refresh({ refreshToken: first.refreshToken, client }), ErrorCode.UNAUTHORIZED);
    });

    it('answers a forged rt.<sessionId>.<anything> with a plain 401 that does not end the victim session', async () => {
      const victim = await register();
      const sid = sidOf(victim);
      const [, , secret, mac] = victim.refreshToken.split('.');
      for (const forged of [`rt.${sid}.garbage`, `rt.${sid}.garbage.${mac}`, `rt.${sid}.${secret}.forgedmac`]) {
        await expectCode(service.refresh({ refreshToken: forged, client }), ErrorCode.UNAUTHORIZED);
      }
      expect(broadcasts).toEqual([]);
      // The victim's own token still works: the session was not revoked.
      await expect(service.refresh({ refreshToken: victim.refreshToken, client })).resolves.toMatchObject({ user: { id: victim.user.id } });
    });
  });

  describe('sessions', () => {
    it('logout ends only the current session and announces it', async () => {
      const a = await register();
      const b = await service.login({ login: 'alice', password: 'password123', client });
      await service.logout({ caller: { userId: a.user.id, sessionId: sidOf(a) } });
      expect(await service.validateSession({ userId: a.user.id, sessionId: sidOf(a) })).toEqual({ valid: false });
      expect(await service.validateSession({ userId: a.user.id, sessionId: sidOf(b) })).toEqual({ valid: true });
      expect(broadcasts).toEqual([{ userId: a.user.id, sessionIds: [sidOf(a)], reason: 'logout' }]);
    });

    it('never validates a session for another user', async () => {
      const a = await register('alice');
      const b = await register('bob');
      expect(await service.validateSession({ userId: b.user.id, sessionId: sidOf(a) })).toEqual({ valid: false });
    });

    it('lists live sessions with the current one marked, and revokes only your own', async () => {
      const a = await register('alice');
      const other = await service.login({ login: 'alice', password: 'password123', client });
      const bob = await register('bob');
      const caller = { userId: a.user.id, sessionId: sidOf(a) };
      const list = await service.listSessions({ caller });
      expect(list.items.map((s) => [s.id, s.current]).sort()).toEqual([[sidOf(a), true], [sidOf(other), false]].sort());
      await expectCode(service.revokeSession({ caller, targetSessionId: sidOf(bob) }), ErrorCode.NOT_FOUND);
      await service.revokeSession({ caller, targetSessionId: sidOf(other) });
      expect((await service.listSessions({ caller })).items.map((s) => s.id)).toEqual([sidOf(a)]);
    });
  });

  describe('per-account limits', () => {
    it('counts logins by username and by email against one account budget', async () => {
      await build({ RATE_LIMIT_AUTH_PER_ACCOUNT: '4' });
      await register();
      const attempts = [];
      for (const login of ['alice', 'alice@example.com', 'ALICE', 'Alice@Example.com', 'alice']) {
        const error = await service.login({ login, password: 'wrong password', client }).then(() => undefined, (e: DomainError) => e);
        attempts.push(error?.code);
      }
      expect(attempts).toEqual([...Array<string>(4).fill(ErrorCode.INVALID_CREDENTIALS), ErrorCode.RATE_LIMITED]);
      // Even the right password waits for the budget to refill.
      const limited = await expectCode(service.login({ email: 'alice@example.com', password: 'password123', client }), ErrorCode.RATE_LIMITED);
      expect(limited.details?.retryAfterMs).toBeGreaterThan(0);
    });

    it('limits currentPassword guesses on a password change', async () => {
      await build({ RATE_LIMIT_AUTH_PER_ACCOUNT: '3' });
      const result = await register();
      const caller = { userId: result.user.id, sessionId: sidOf(result) };
      const codes = [];
      for (let i = 0; i < 4; i++) {
        const error = await service.changePassword({ caller, currentPassword: `guess ${i}`, newPassword: 'new password 1' }).then(() => undefined, (e: DomainError) => e);
        codes.push(error?.code);
      }
      expect(codes).toEqual([...Array<string>(3).fill(ErrorCode.VALIDATION_FAILED), ErrorCode.RATE_LIMITED]);
    });
  });

  describe('changePassword', () => {
    it('checks the current password, then revokes every other session', async () => {
      const a = await register();
      const b = await service.login({ login: 'alice', password: 'password123', client });
      const caller = { userId: a.user.id, sessionId: sidOf(a) };
      await expectCode(service.changePassword({ caller, currentPassword: 'wrong one', newPassword: 'new password 1' }), ErrorCode.VALIDATION_FAILED);
      expect(broadcasts).toEqual([]);
      await service.changePassword({ caller, currentPassword: 'password123', newPassword: 'new password 1' });
      expect(await service.validateSession(caller)).toEqual({ valid: true });
      expect(await service.validateSession({ userId: a.user.id, sessionId: sidOf(b) })).toEqual({ valid: false });
      expect(broadcasts).toEqual([{ userId: a.user.id, sessionIds: [sidOf(b)], reason: 'password_changed' }]);
      await expectCode(service.login({ login: 'alice', password: 'password123', client }), ErrorCode.INVALID_CREDENTIALS);
      await service.login({ login: 'alice', password: 'new password 1', client });
    });
  });
});
