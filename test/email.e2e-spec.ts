import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type PrivateProfile, SERVER_EVENTS } from '#contracts';
import { connectSocket, closeSockets, registerUser, startSystem, type System, type TestUser, uniqueUsername } from './harness/index.js';

const SMTP_USER = 'chat-mailer';
const SMTP_PASS = 'smtp secret';
const PUBLIC_URL = 'https://chat.example.test';
const MAIL_FROM = 'Chat Tests <no-reply@chat.example.test>';
/** Mail goes out after the reply: on a loaded machine it may take a while. */
const MAIL_TIMEOUT_MS = 15_000;

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));

/** A real SMTP server (smtp-server) on a loopback port that requires the credentials; mails parsed by mailparser. */
class MailCatcher {
  readonly mails: { envelopeTo: string[]; user: string | undefined; mail: ParsedMail }[] = [];
  port = 0;
  private waiters: (() => void)[] = [];
  private readonly server = new SMTPServer({
    // Plain SMTP with AUTH: a test certificate would only test the TLS library.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth: (auth, _session, callback) => {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          this.mails.push({ envelopeTo, user: session.user as string | undefined, mail });
          for (const wake of this.waiters.splice(0)) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  to(address: string, subject?: string): ParsedMail[] {
    return this.mails
      .filter((m) => m.envelopeTo.includes(address.toLowerCase()) && (subject === undefined || m.mail.subject === subject))
      .map((m) => m.mail);
  }

  /** The `n`-th mail (1-based) to `address` with `subject`, waiting for it. */
  async next(address: string, subject: string, n = 1): Promise<ParsedMail> {
    const deadline = Date.now() + MAIL_TIMEOUT_MS;
    for (;;) {
      const found = this.to(address, subject)[n - 1];
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail "${subject}" #${n} to ${address} within ${MAIL_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const tokenIn = (mail: ParsedMail): string => /^Token: ([A-Za-z0-9_-]{43})$/m.exec(mail.text ?? '')?.[1] ?? '';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('accounts by email, through a real SMTP server', () => {
  let smtp: MailCatcher;
  let system: System;

  const profile = (user: TestUser) => system.request<PrivateProfile>('GET', '/api/users/profile', { token: user.accessToken });
  const post = (path: string, body?: unknown, token?: string) => system.request('POST', path, { body, token });

  beforeAll(async () => {
    smtp = await new MailCatcher().start();
    system = await startSystem({
      env: {
        SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}`,
        MAIL_FROM,
        PUBLIC_URL,
        RATE_LIMIT_MAIL_PER_ADDRESS: '3',
      },
    });
    // Four processes starting on a loaded machine can take longer than Jest's default hook timeout.
  }, 240_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
    await smtp?.close();
  });

  it('registration mails a verification link (text and HTML, from MAIL_FROM, over authenticated SMTP); the token verifies once', async () => {
    const user = await registerUser(system);
    expect(user.user.isEmailVerified).toBe(false);
    const mail = await smtp.next(user.email, 'Confirm your email address');
    expect(smtp.mails.find((m) => m.mail === mail)?.user).toBe(SMTP_USER);
    expect(mail.from?.value).toEqual([{ name: 'Chat Tests', address: 'no-reply@chat.example.test' }]);
    expect(addressesOf(mail.to)).toEqual([user.email.toLowerCase()]);
    const token = tokenIn(mail);
    expect(mail.text).toContain(`${PUBLIC_URL}/verify-email#token=${token}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/verify-email#token=${token}"`);

    // No sign-in needed: the token is the proof.
    expect((await post('/api/auth/email/verify', { token })).status).toBe(204);
    expect((await profile(user)).body.isEmailVerified).toBe(true);
    const reuse = await post('/api/auth/email/verify', { token });
    expect(reuse.status).toBe(400);
    expect(reuse.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'token' }] });
    // Verified: asking again is accepted and sends nothing.
    expect((await post('/api/auth/email/verify-request', undefined, user.accessToken)).status).toBe(202);
    expect((await post('/api/auth/email/verify', { token: 'x'.repeat(43) })).status).toBe(400);
  });

  it('verify-request mails a fresh link; changing the email un-verifies it, mails the new address and tells the old one', async () => {
    const user = await registerUser(system);
    await smtp.next(user.email, 'Confirm your email address');
    expect((await post('/api/auth/email/verify-request', undefined, user.accessToken)).status).toBe(202);
    const second = await smtp.next(user.email, 'Confirm your email address', 2);
    expect((await post('/api/auth/email/verify', { token: tokenIn(second) })).status).toBe(204);
    expect((await profile(user)).body.isEmailVerified).toBe(true);

    const newEmail = `${uniqueUsername('moved')}@example.org`;
    const changed = await system.request<PrivateProfile>('PUT', '/api/users/profile', { token: user.accessToken, body: { email: newEmail } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email: newEmail, isEmailVerified: false });
    expect((await profile(user)).body.isEmailVerified).toBe(false);
    const notice = await smtp.next(user.email, 'Your email address was changed');
    expect(notice.text).not.toContain(newEmail);
    const toNew = await smtp.next(newEmail, 'Confirm your email address');
    expect((await post('/api/auth/email/verify', { token: tokenIn(toNew) })).status).toBe(204);
    expect((await profile(user)).body).toMatchObject({ email: newEmail, isEmailVerified: true });
  });

  it('password/forgot answers the same for known and unknown addresses, in the same time, and mails only the known', async () => {
    const known = await Promise.all(Array.from({ length: 8 }, () => registerUser(system)));
    const unknown = known.map(() => `${uniqueUsername('nobody')}@example.com`);
    const timings = { known: [] as number[], unknown: [] as number[] };
    const answers = new Set<string>();
    // Interleaved, so load on the machine hits both sides alike.
    for (let i = 0; i < known.length; i++) {
      for (const [side, email] of [['known', known[i].email], ['unknown', unknown[i]]] as const) {
        const res = await post('/api/auth/password/forgot', { email });
        timings[side].push(res.elapsedMs);
        answers.add(JSON.stringify({ status: res.status, body: res.body ?? null, type: res.headers.get('content-type'), length: res.headers.get('content-length') }));
      }
    }
    expect([...answers]).toEqual([JSON.stringify({ status: 202, body: null, type: null, length: '0' })]);
    process.stdout.write(`[email] forgot median ms: known ${median(timings.known).toFixed(1)}, unknown ${median(timings.unknown).toFixed(1)}\n`);
    // Both answers do the same work (the lookup happens after the reply); the margin only absorbs noise.
    expect(Math.abs(median(timings.known) - median(timings.unknown))).toBeLessThan(50);
    await Promise.all(known.map((u) => smtp.next(u.email, 'Reset your password')));
    // Give an unknown address's mail, if one were (wrongly) sent, the time a known one took to arrive.
    await new Promise((r) => setTimeout(r, 1000));
    for (const email of unknown) expect(smtp.to(email)).toEqual([]);
  });

  it('password/forgot is limited per address (known or not) and per client IP', async () => {
    const email = `${uniqueUsername('flood')}@example.com`;
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/password/forgot', { email })).status).toBe(202);
    const limited = await post('/api/auth/password/forgot', { email: email.toUpperCase() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);

    const strict = await system.startGateway({ RATE_LIMIT_AUTH_PER_IP: '2' });
    const viaStrict = (n: number) =>
      system.request('POST', '/api/auth/password/forgot', { body: { email: `${uniqueUsername(`ip${n}`)}@example.com` } }, strict.baseUrl);
    expect((await viaStrict(1)).status).toBe(202);
    expect((await viaStrict(2)).status).toBe(202);
    expect((await viaStrict(3)).status).toBe(429);
    await strict.stop();
    // A second gateway starts within this test: allow for a loaded machine.
  }, 240_000);

  it('password/reset sets the new password, revokes every session (sockets get session:revoked) and the token works once', async () => {
    const user = await registerUser(system);
    const other = await system.request<{ accessToken: string; refreshToken: string }>('POST', '/api/auth/login', {
      body: { login: user.username, password: user.password },
    });
    const socket = await connectSocket(system.baseUrl, other.body.accessToken);
    const revoked = new Promise<unknown>((resolve) => socket.once(SERVER_EVENTS.sessionRevoked, resolve));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    expect((await post('/api/auth/password/forgot', { email: user.email.toUpperCase() })).status).toBe(202);
    const mail = await smtp.next(user.email, 'Reset your password');
    const token = tokenIn(mail);
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password#token=${token}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/reset-password#token=${token}"`);

    const newPassword = 'a brand new passphrase';
    expect((await post('/api/auth/password/reset', { token, newPassword })).status).toBe(204);
    expect(await revoked).toEqual({ reason: 'password_changed' });
    expect(await disconnected).toBe('io server disconnect');
    for (const accessToken of [user.accessToken, other.body.accessToken]) {
      expect((await system.request('GET', '/api/auth/sessions', { token: accessToken })).status).toBe(401);
    }
    expect((await post('/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await post('/api/auth/login', { login: user.username, password: user.password })).status).toBe(401);
    const fresh = await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: user.username, password: newPassword } });
    expect(fresh.status).toBe(200);
    // The mailbox answered, so the address counts as verified too.
    expect((await system.request<PrivateProfile>('GET', '/api/users/profile', { token: fresh.body.accessToken })).body.isEmailVerified).toBe(true);

    const reuse = await post('/api/auth/password/reset', { token, newPassword: 'yet another passphrase' });
    expect(reuse.status).toBe(400);
    expect(reuse.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'token' }] });
    // A verification token is not a reset token.
    const verification = tokenIn(await smtp.next(user.email, 'Confirm your email address'));
    expect((await post('/api/auth/password/reset', { token: verification, newPassword: 'yet another passphrase' })).status).toBe(400);
    expect((await post('/api/auth/password/reset', { token, newPassword: 'short' })).status).toBe(400);
  });
});

describe('without SMTP_URL: one .eml file per mail under DATA_DIR/mail', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem({ env: { SMTP_URL: '', PUBLIC_URL: 'http://localhost:3000' }, services: ['auth'] });
  }, 240_000);

  afterAll(async () => {
    await system?.shutdown();
  });

  it('writes an RFC 5322 message (CRLF, multipart text + HTML) readable only by the service user', async () => {
    const user = await registerUser(system);
    const dir = join(system.dataDir, 'mail');
    const deadline = Date.now() + MAIL_TIMEOUT_MS;
    let files: string[] = [];
    while (files.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      } catch {
        // not created yet
      }
    }
    expect(files).toHaveLength(1);
    const file = join(dir, files[0] ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const raw = readFileSync(file);
    expect(raw.toString('latin1')).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw.toString('latin1').replaceAll('\r\n', '')).not.toContain('\n');
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Confirm your email address');
    expect(addressesOf(mail.to)).toEqual([user.email.toLowerCase()]);
    expect(mail.text).toContain(`http://localhost:3000/verify-email#token=${tokenIn(mail)}`);
    expect(mail.html).toContain('Confirm my email address');
    expect((await system.request('POST', '/api/auth/email/verify', { body: { token: tokenIn(mail) } })).status).toBe(204);
  });
});
