import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResult } from '#contracts';
import { jwtKeyId } from '#common';
import { registerUser, startSystem, type System, type TestUser } from './harness/index.js';

const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string }).kid;

describe('rotating the JWT key with JWT_VERIFY_SECRETS (docs/operations.md)', () => {
  let system: System;
  let user: TestUser;
  /** Signed in before the rotation too, for the last case. */
  let spare: TestUser;
  const newKey = randomBytes(36).toString('base64');
  let rotated = '';

  beforeAll(async () => {
    system = await startSystem();
    user = await registerUser(system);
    spare = await registerUser(system);
    expect(kidOf(user.accessToken)).toBe(jwtKeyId(system.jwtSecret));
    // The rotation: auth signs with the new key; both it and the gateway still accept the old one.
    const rotation = { JWT_SECRET: newKey, JWT_VERIFY_SECRETS: system.jwtSecret };
    await system.stopService('auth');
    await system.startService('auth', rotation);
    rotated = (await system.startGateway(rotation)).baseUrl;
  }, 60_000);

  afterAll(async () => {
    await system?.shutdown();
  });

  it('keeps access tokens signed with the old key working, and signs new ones with the new key', async () => {
    expect((await system.request('GET', '/api/auth/sessions', { token: user.accessToken }, rotated)).status).toBe(200);
    const login = await system.request<AuthResult>('POST', '/api/auth/login', { body: { login: user.username, password: user.password } }, rotated);
    expect(login.status).toBe(200);
    expect(kidOf(login.body.accessToken)).toBe(jwtKeyId(newKey));
    expect((await system.request('GET', '/api/auth/sessions', { token: login.body.accessToken }, rotated)).status).toBe(200);
  });

  it('still recognises a spent refresh token issued under the old key as reuse, and ends that session', async () => {
    const refreshed = await system.request<AuthResult>('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }, rotated);
    expect(refreshed.status).toBe(200);
    expect((await system.request('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }, rotated)).status).toBe(401);
    // Reuse ended the whole session: the pair just issued is dead too.
    expect((await system.request('GET', '/api/auth/sessions', { token: refreshed.body.accessToken }, rotated)).status).toBe(401);
  });

  it('refuses old-key tokens once the old key is dropped from the list', async () => {
    const dropped = (await system.startGateway({ JWT_SECRET: newKey })).baseUrl;
    expect((await system.request('GET', '/api/auth/sessions', { token: spare.accessToken }, rotated)).status).toBe(200);
    expect((await system.request('GET', '/api/auth/sessions', { token: spare.accessToken }, dropped)).status).toBe(401);
  });
});
