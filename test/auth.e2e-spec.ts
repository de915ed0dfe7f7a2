import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@nats-io/transport-node';
import { AUTH_SUBJECTS, type AuthResult, type SessionList } from '#contracts';
import { namespaced } from '#common';
import { craftJwt, decodeJwt, registerUser, startSystem, type System, uniqueUsername } from './harness/index.js';

describe('auth through the gateway', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem();
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  describe('register and login', () => {
    it('registers, then logs in by username and by email (any case)', async () => {
      const user = await registerUser(system);
      expect(user.tokenType).toBe('Bearer');
      expect(user.expiresIn).toBe(900);
      expect(user.user).toMatchObject({ username: user.username, email: user.email, displayName: user.username, friendCount: 0 });
      const claims = decodeJwt(user.accessToken);
      expect(claims).toMatchObject({ sub: user.user.id });
      expect(typeof claims.sid).toBe('string');
      expect(typeof claims.jti).toBe('string');

      for (const body of [
        { username: user.username, password: user.password },
        { email: user.email.toUpperCase(), password: user.password },
        { login: user.username.toUpperCase(), password: user.password },
        { login: user.email, password: user.password },
      ]) {
        const res = await system.request<AuthResult>('POST', '/api/auth/login', { body });
        expect(res.status).toBe(200);
        expect(res.body.user.id).toBe(user.user.id);
        expect(res.body.refreshToken).not.toBe(user.refreshToken);
      }
    });

    it('answers 409 to a username or email that differs only in case', async () => {
      const user = await registerUser(system);
      const sameName = await system.request('POST', '/api/auth/register', {
        body: { username: user.username.toUpperCase(), email: `other_${user.email}`, password: 'password123' },
      });
      expect(sameName.status).toBe(409);
      expect(sameName.body).toMatchObject({ code: 'USERNAME_TAKEN', status: 409 });
      const sameEmail = await system.request('POST', '/api/auth/register', {
        body: { username: uniqueUsername(), email: user.email.toUpperCase(), password: 'password123' },
      });
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.body).toMatchObject({ code: 'EMAIL_TAKEN' });
    });

    it('lets exactly one of 20 concurrent registrations of one username succeed', async () => {
      const username = uniqueUsername('race');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          system.request('POST', '/api/auth/register', {
            body: { username: i % 2 ? username : username.toUpperCase(), email: `${username}_${i}@example.com`, password: 'password123' },
          }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    });

    it('rejects an invalid email, a short password and unknown fields with field errors', async () => {
      const res = await system.request<{ code: string; errors: { field: string }[] }>('POST', '/api/auth/register', {
        body: { username: uniqueUsername(), email: 'not-an-email', password: 'short', admin: true },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e) => e.field).sort()).toEqual(['admin', 'email', 'password']);
      const badName = await system.request<{ errors: { field: string }[] }>('POST', '/api/auth/register', {
        body: { username: 'has space', email: 'x@example.com', password: 'password123' },
      });
      expect(badName.status).toBe(400);
      expect(badName.body.errors.map((e) => e.field)).toEqual(['username']);
    });

    it('gives identical 401 bodies for a wrong password and an unknown user', async () => {
      const user = await registerUser(system);
      const wrong = await system.request<Record<string, unknown>>('POST', '/api/auth/login', {
        body: { login: user.username, password: 'wrong password' },
      });
      const unknown = await system.request<Record<string, unknown>>('POST', '/api/auth/login', {
        body: { login: uniqueUsername('ghost'), password: 'wrong password' },
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const { requestId: a, ...wrongBody } = wrong.body;
      const { requestId: b, ...unknownBody } = unknown.body;
      expect(a).not.toEqual(b);
      expect(wrongBody).toEqual(unknownBody);
      expect(wrongBody.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('sessions', () => {
    it('refuses the access and refresh tokens right after logout', async () => {
      const user = await registerUser(system);
      expect((await system.request('GET', '/api/auth/sessions', { token: user.accessToken })).status).toBe(200);
      const logout = await system.request('POST', '/api/auth/logout', { token: user.accessToken });
      expect(logout.status).toBe(204);
      const after = await system.request('GET', '/api/auth/sessions', { token: user.accessToken });
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ code: 'UNAUTHORIZED' });
      const refresh = await system.request('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(refresh.status).toBe(401);
    });

    it('rotates refresh tokens, and a reused one ends the session', async () => {
      const user = await registerUser(system);
      const first = await system.request<AuthResult>('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      expect(decodeJwt(first.body.accessToken).sid).toBe(decodeJwt(user.accessToken).sid);
      expect((await system.request('GET', '/api/auth/sessions', { token: first.body.accessToken })).status).toBe(200);

      // The spent token comes back (stolen copy): the whole session dies, including the new pair.
      const reuse = await system.request('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(reuse.status).toBe(401);
      expect((await system.request('GET', '/api/auth/sessions', { token: first.body.accessToken })).status).toBe(401);
      const next = await system.request('POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
      expect(next.status).toBe(401);
    });

    it('lists sessions, marks the current one, and revokes another by id', async () => {
      const user = await registerUser(system);
      const other = await system.request<AuthResult>('POST', '/api/auth/login', {
        body: { login: user.username, password: user.password },
        headers: { 'user-agent': 'e2e-phone' },
      });
      const list = await system.request<SessionList>('GET', '/api/auth/sessions', { token: user.accessToken });
      expect(list.body.items).toHaveLength(2);
      const current = list.body.items.find((s) => s.current);
      const phone = list.body.items.find((s) => !s.current);
      expect(current?.id).toBe(decodeJwt(user.accessToken).sid);
      expect(phone?.userAgent).toBe('e2e-phone');

      expect((await system.request('DELETE', `/api/auth/sessions/${phone?.id}`, { token: user.accessToken })).status).toBe(204);
      expect((await system.request('GET', '/api/auth/sessions', { token: other.body.accessToken })).status).toBe(401);
      expect((await system.request('DELETE', `/api/auth/sessions/${phone?.id}`, { token: user.accessToken })).status).toBe(404);

      // Someone else's session is not yours to end.
      const stranger = await registerUser(system);
      const res = await system.request('DELETE', `/api/auth/sessions/${String(decodeJwt(user.accessToken).sid)}`, { token: stranger.accessToken });
      expect(res.status).toBe(404);
      expect((await system.request('GET', '/api/auth/sessions', { token: user.accessToken })).status).toBe(200);
    });

    it('revokes every other session on password change, and the new password works', async () => {
      const user = await registerUser(system);
      const other = await system.request<AuthResult>('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
      const wrong = await system.request('POST', '/api/auth/password', {
        token: user.accessToken,
        body: { currentPassword: 'not it at all', newPassword: 'brand new password' },
      });
      expect(wrong.status).toBe(400);
      const change = await system.request('POST', '/api/auth/password', {
        token: user.accessToken,
        body: { currentPassword: user.password, newPassword: 'brand new password' },
      });
      expect(change.status).toBe(204);
      expect((await system.request('GET', '/api/auth/sessions', { token: other.body.accessToken })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);
      expect((await system.request('GET', '/api/auth/sessions', { token: user.accessToken })).status).toBe(200);
      expect((await system.request('POST', '/api/auth/login', { body: { login: user.username, password: user.password } })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/login', { body: { login: user.username, password: 'brand new password' } })).status).toBe(200);
    });
  });

  describe('access tokens', () => {
    it('answers 401 without a token and for malformed, foreign, unsigned and expired tokens', async () => {
      const user = await registerUser(system);
      const claims = decodeJwt(user.accessToken);
      const now = Math.floor(Date.now() / 1000);
      const tokens = {
        none: undefined,
        malformed: 'not.a.jwt',
        foreignKey: craftJwt({ ...claims, iat: now, exp: now + 600 }, 'some other secret that is long enough!!'),
        algNone: craftJwt({ ...claims, iat: now, exp: now + 600 }, '', 'none'),
        expired: craftJwt({ ...claims, iat: now - 1200, exp: now - 600 }, system.jwtSecret),
      };
      for (const [kind, token] of Object.entries(tokens)) {
        const res = await system.request('GET', '/api/auth/sessions', token ? { token } : {});
        expect({ kind, status: res.status, code: res.body.code }).toEqual({ kind, status: 401, code: 'UNAUTHORIZED' });
      }
      // Control: the same claims correctly signed and unexpired are accepted.
      const valid = craftJwt({ ...claims, iat: now, exp: now + 600 }, system.jwtSecret);
      expect((await system.request('GET', '/api/auth/sessions', { token: valid })).status).toBe(200);
    });
  });

  describe('HTTP edges', () => {
    it('answers an oversized body with 413 and malformed JSON with 400, as problem+json', async () => {
      const big = await system.request('POST', '/api/auth/login', {
        body: { login: 'x', password: 'y'.repeat(70 * 1024) },
      });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
      const broken = await system.request('POST', '/api/auth/login', { rawBody: '{"login": ' });
      expect(broken.status).toBe(400);
      expect(broken.headers.get('content-type')).toContain('application/problem+json');
    });

    it('carries the request id into the problem body and the response header', async () => {
      const res = await system.request('GET', '/api/auth/sessions', { headers: { 'x-request-id': 'trace-123' } });
      expect(res.headers.get('x-request-id')).toBe('trace-123');
      expect(res.body.requestId).toBe('trace-123');
    });

    it('answers CORS preflights for browser clients', async () => {
      const res = await system.request('OPTIONS', '/api/auth/login', {
        headers: { origin: 'https://client.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://client.example');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('puts the request id on the log lines it causes in the service that handled it', async () => {
      await system.stopService('auth');
      await system.startService('auth', { LOG_LEVEL: 'info' });
      const requestId = `trace-${Date.now()}`;
      const res = await system.request('POST', '/api/auth/register', {
        headers: { 'x-request-id': requestId },
        body: { username: uniqueUsername(), email: `${uniqueUsername()}@example.com`, password: 'password123' },
      });
      expect(res.status).toBe(201);
      const lines = readFileSync(join(system.dataDir, 'logs', 'auth.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes(requestId))
        .map((line) => JSON.parse(line) as { requestId?: string; service?: string; msg?: string });
      expect(lines).toContainEqual(expect.objectContaining({ requestId, service: 'auth', msg: 'account registered' }));
    });

    it('sets security headers and serves the OpenAPI document with every auth route', async () => {
      const res = await system.request<{ paths: Record<string, object> }>('GET', '/api/docs-json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/register',
          '/api/auth/login',
          '/api/auth/refresh',
          '/api/auth/logout',
          '/api/auth/sessions',
          '/api/auth/sessions/{id}',
          '/api/auth/password',
        ]),
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const health = await system.request<{ status: string }>('GET', '/health/live');
      expect(health.body.status).toBe('ok');
    });

    it('rate-limits login and registration per IP with 429 and Retry-After', async () => {
      const strict = await system.startGateway({ RATE_LIMIT_AUTH_PER_IP: '3' });
      const attempt = () =>
        system.request('POST', '/api/auth/login', { body: { login: uniqueUsername(), password: 'wrong password' } }, strict.baseUrl);
      const logins = [];
      for (let i = 0; i < 4; i++) logins.push((await attempt()).status);
      expect(logins).toEqual([401, 401, 401, 429]);
      const limited = await attempt();
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Registration has its own per-IP budget (limits are per route), enforced the same way.
      const registrations = [];
      for (let i = 0; i < 4; i++) {
        const name = uniqueUsername();
        const res = await system.request('POST', '/api/auth/register', { body: { username: name, email: `${name}@example.com`, password: 'password123' } }, strict.baseUrl);
        registrations.push(res.status);
      }
      expect(registrations).toEqual([201, 201, 201, 429]);
      // The default gateway keeps its own (generous) limits.
      const user = await registerUser(system);
      expect((await system.request('POST', '/api/auth/login', { body: { login: user.username, password: user.password } })).status).toBe(200);
      await strict.stop();
    });
  });

  describe('service contracts', () => {
    it('validates payloads again inside the service: unknown and missing fields are refused over NATS too', async () => {
      const nc = await connect({ servers: system.env.NATS_URL });
      try {
        const ask = async (data: object) => {
          const packet = { pattern: AUTH_SUBJECTS.login, id: randomUUID(), data };
          const reply = await nc.request(namespaced(system.namespace, AUTH_SUBJECTS.login), JSON.stringify(packet), { timeout: 3000 });
          return reply.json<{ err?: { code?: string; details?: { errors?: { field: string }[] } } }>();
        };
        const extra = await ask({ login: 'someone', password: 'password123', client: {}, isAdmin: true });
        expect(extra.err?.code).toBe('VALIDATION_FAILED');
        expect(extra.err?.details?.errors?.map((e) => e.field)).toEqual(['isAdmin']);
        const missing = await ask({ login: 'someone' });
        expect(missing.err?.code).toBe('VALIDATION_FAILED');
        expect([...new Set(missing.err?.details?.errors?.map((e) => e.field))].sort()).toEqual(['client', 'password']);
      } finally {
        await nc.close();
      }
    });
  });

  describe('when auth is down', () => {
    it('answers 503 within the RPC timeout instead of hanging, and recovers when auth is back', async () => {
      const user = await registerUser(system);
      await system.stopService('auth');
      try {
        const login = await system.request('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
        expect(login.status).toBe(503);
        expect(login.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        expect(login.elapsedMs).toBeLessThan(2000 + 1500);
        const guarded = await system.request('GET', '/api/auth/sessions', { token: user.accessToken });
        expect(guarded.status).toBe(503);
        expect(guarded.elapsedMs).toBeLessThan(2000 + 1500);
      } finally {
        await system.startService('auth');
      }
      const again = await system.request('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
      expect(again.status).toBe(200);
    });
  });
});
