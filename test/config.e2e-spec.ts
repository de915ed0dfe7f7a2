import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'a-valid-secret-that-is-long-enough-123456';

/** Starts an app with the given environment and returns how it ended (it must stop by itself). */
function run(app: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps', app, 'src/main.js')], {
    env: { PATH: process.env.PATH ?? '', NATS_URL: 'nats://127.0.0.1:4222', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('configuration is validated at start-up', () => {
  it.each(['gateway', 'auth'])('%s refuses to start without JWT_SECRET and names it', (app) => {
    const { status, stderr } = run(app, {});
    expect(status).toBe(1);
    expect(stderr).toContain('JWT_SECRET');
  });

  it.each([
    ['auth', { JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters'],
    ['auth', { JWT_SECRET: SECRET, BCRYPT_COST: '3' }, 'BCRYPT_COST'],
    ['users', { PORT: 'abc' }, 'PORT'],
    ['chat', { RPC_TIMEOUT_MS: '-5' }, 'RPC_TIMEOUT_MS'],
    ['chat', { MONGODB_URI: 'postgres://nope' }, 'MONGODB_URI must start with mongodb://'],
    ['gateway', { JWT_SECRET: SECRET, NATS_URL: 'localhost:4222' }, 'NATS_URL'],
    ['gateway', { JWT_SECRET: SECRET, CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
    ['users', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['notifications', { WEBPUSH_ALLOW_HTTP: 'yes' }, 'WEBPUSH_ALLOW_HTTP must be true or false'],
    ['notifications', { VAPID_PUBLIC_KEY: 'B'.repeat(87) }, 'VAPID_PRIVATE_KEY must be set together with VAPID_PUBLIC_KEY'],
    ['notifications', { VAPID_SUBJECT: 'admin@example.com' }, 'VAPID_SUBJECT must be a mailto: or https: URL'],
  ])('%s stops with a clear message for %j', (app, env, message) => {
    const { status, stderr } = run(app, env);
    expect(status).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain(message);
    // A plain message, not a stack trace.
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
