import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { simpleParser, type ParsedMail } from 'mailparser';
import { AUTH_BROADCASTS, type SessionRevokedBroadcast } from '#contracts';
import { accessTokenJwtOptions, loadConfig, type NatsBus, type NatsModuleOptions, RateLimiter, type RpcClient } from '#common';
import { type Fixture, makeTempDir } from '#common/testing';
import { AuthEnv } from '../auth.env.js';
import { authRateLimits } from '../auth/auth-budgets.js';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { TokenService } from '../auth/token.service.js';
import { AccountMailer } from '../mail/account-mailer.service.js';
import { MailQueue } from '../mail/mail-queue.service.js';
import type { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { type AuthRepos, authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import { AccountEmailService } from './account-email.service.js';

const SECRET = 'unit-test-secret-unit-test-secret-123';
const client = { userAgent: 'jest', ip: '127.0.0.1' };

/** The use cases with real storage, bcrypt and the real mail queue writing .eml files (no SMTP_URL). */
describe('AccountEmailService', () => {
  let fixture: Fixture<AuthRepos>;
  let dataDir: ReturnType<typeof makeTempDir>;
  let queue: MailQueue;
  let auth: AuthService;
  let service: AccountEmailService;
  let broadcasts: SessionRevokedBroadcast[];
  const jwt = new JwtService(accessTokenJwtOptions(SECRET, 900));

  beforeEach(async () => {
    fixture = await authRepositoryFactories.sqlite();
    dataDir = makeTempDir('auth-mail');
    broadcasts = [];
    const env = loadConfig(AuthEnv, { JWT_SECRET: SECRET, BCRYPT_COST: '4', DATA_DIR: dataDir.path, PUBLIC_URL: 'https://chat.example/' });
    const passwords = new PasswordHasher(env);
    await passwords.onModuleInit();
    const bus = {
      publish: (subject: string, payload: SessionRevokedBroadcast) => {
        if (subject === AUTH_BROADCASTS.sessionRevoked) broadcasts.push(payload);
      },
    } as unknown as NatsBus;
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    const limiter = new RateLimiter(authRateLimits(env), { namespace: 'unit' } as NatsModuleOptions, {} as RpcClient);
    const { accounts, sessions, emailTokens } = fixture.repos;
    queue = new MailQueue(env);
    const mailer = new AccountMailer(accounts, emailTokens, queue, env);
    const tokens = new TokenService(jwt, env);
    auth = new AuthService(accounts, sessions, passwords, tokens, bus, relay, env, limiter, mailer);
    service = new AccountEmailService(accounts, emailTokens, mailer, passwords, auth, limiter);
  });

  afterEach(async () => {
    await queue.beforeApplicationShutdown();
    await fixture.close();
    dataDir.remove();
  });

  /** Every mail written so far, oldest first; the folder is emptied so the next call returns only new ones. */
  async function takeMails(): Promise<ParsedMail[]> {
    await queue.idle();
    const dir = join(dataDir.path, 'mail');
    if (!existsSync(dir)) return [];
    const files = readdirSync(dir).sort();
    const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
    for (const f of files) rmSync(join(dir, f));
    return mails;
  }

  const tokenOf = (mail: ParsedMail | undefined) => /#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
  const register = (username: string) => auth.register({ username, email: `${username}@example.com`, password: 'password123', client });
  const verified = async (id: string) => (await fixture.repos.accounts.findById(id))?.emailVerified;

  it('registration mails a verification link (text and HTML parts); the token verifies once', async () => {
    const { user } = await register('alice');
    const [mail, ...more] = await takeMails();
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Confirm your email address');
    expect(mail?.to).toMatchObject({ text: 'alice@example.com' });
    expect(mail?.text).toMatch(/https:\/\/chat\.example\/verify-email#token=[A-Za-z0-9_-]{43}\n/);
    expect(mail?.html).toContain(`href="https://chat.example/verify-email#token=${tokenOf(mail)}"`);
    expect(await verified(user.id)).toBe(false);
    await service.verifyEmail({ token: tokenOf(mail) });
    expect(await verified(user.id)).toBe(true);
    await expect(service.verifyEmail({ token: tokenOf(mail) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Verified: asking again sends nothing.
    await service.requestVerification({ caller: { userId: user.id, sessionId: user.id } });
    expect(await takeMails()).toEqual([]);
  });

  it('a verification link for an address the account has left verifies nothing', async () => {
    const { user } = await register('bob');
    const [first] = await takeMails();
    await fixture.repos.accounts.update(user.id, { email: 'bob@elsewhere.example' });
    await expect(service.verifyEmail({ token: tokenOf(first) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await service.requestVerification({ caller: { userId: user.id, sessionId: user.id } });
    const [second] = await takeMails();
    expect(second?.to).toMatchObject({ text: 'bob@elsewhere.example' });
    await service.verifyEmail({ token: tokenOf(second) });
    expect(await verified(user.id)).toBe(true);
  });

  it('forgot: the same answer for unknown addresses, a reset mail only for known ones', async () => {
    await register('carol');
    await takeMails();
    await expect(service.forgotPassword({ email: 'nobody@example.com' })).resolves.toBeUndefined();
    expect(await takeMails()).toEqual([]);
    await expect(service.forgotPassword({ email: 'CAROL@example.com' })).resolves.toBeUndefined();
    const [mail] = await takeMails();
    expect(mail?.subject).toBe('Reset your password');
    expect(mail?.to).toMatchObject({ text: 'carol@example.com' });
    expect(mail?.text).toContain('https://chat.example/reset-password#token=');
  });

  it('reset: new password, every session revoked, every reset link spent, the address proven', async () => {
    const first = await register('dave');
    const second = await auth.login({ login: 'dave', password: 'password123', client });
    await takeMails();
    await service.forgotPassword({ email: 'dave@example.com' });
    await service.forgotPassword({ email: 'dave@example.com' });
    const [older, newer] = await takeMails();
    await service.resetPassword({ token: tokenOf(newer), newPassword: 'brand new password' });
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.reason).toBe('password_changed');
    expect(new Set(broadcasts[0]?.sessionIds)).toEqual(new Set([first, second].map((r) => jwt.decode<{ sid: string }>(r.accessToken).sid)));
    await expect(auth.login({ login: 'dave', password: 'password123', client })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(auth.login({ login: 'dave', password: 'brand new password', client })).resolves.toBeDefined();
    await expect(service.resetPassword({ token: tokenOf(newer), newPassword: 'another password' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(service.resetPassword({ token: tokenOf(older), newPassword: 'another password' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await verified(first.user.id)).toBe(true);
  });

  it('limits mails per address, known or not, and the verification token cannot reset a password', async () => {
    for (let i = 0; i < 5; i++) await service.forgotPassword({ email: 'flood@example.com' });
    await expect(service.forgotPassword({ email: 'Flood@example.com' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const { user } = await register('erin');
    const [mail] = await takeMails();
    await expect(service.resetPassword({ token: tokenOf(mail), newPassword: 'brand new password' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await verified(user.id)).toBe(false);
  });
});
