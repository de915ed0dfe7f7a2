import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, stopProcess, waitForHealth } from './harness/index.js';

// No Docker engine runs where the tests do, so this runs each app the way the image does: the build
// stage's output (dist/ without tests, package.json and the lockfile), `npm ci --omit=dev` into a fresh
// folder, NODE_ENV=production and the image's own CMD and HEALTHCHECK, read from the Dockerfile.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const APPS = ['auth', 'users', 'chat', 'notifications', 'media', 'gateway'] as const;

/** The exec-form argv of a Dockerfile instruction (`CMD [...]`, `HEALTHCHECK ... CMD [...]`), continuation lines joined. */
function execForm(instruction: 'CMD' | 'HEALTHCHECK'): string[] {
  const joined = DOCKERFILE.replace(/\\\n\s*/g, ' ');
  const line = joined.split('\n').find((l) => l.startsWith(`${instruction} `));
  const json = /CMD (\[.*\])\s*$/.exec(line ?? '')?.[1];
  if (!json) throw new Error(`no exec-form ${instruction} in the Dockerfile`);
  return JSON.parse(json) as string[];
}

/** ENV lines of the runtime stage (the last FROM). */
function imageEnv(): Record<string, string> {
  const runtime = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM ')).replace(/\\\n\s*/g, ' ');
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.slice(4).matchAll(/(\w+)=(\S*)/g)) if (key && !value?.includes('$')) env[key] = value ?? '';
  }
  return env;
}

describe('the production build, run as the image runs it', () => {
  const app = mkdtempSync(join(tmpdir(), 'chat-prod-'));
  const dataDir = join(app, 'data');
  const processes: ChildProcess[] = [];
  const internalUrls = new Map<string, string>();
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(process.env.npm_config_nodedir ? { npm_config_nodedir: process.env.npm_config_nodedir } : {}),
  };
  let env: Record<string, string>;
  let publicUrl = '';

  beforeAll(async () => {
    // What the build stage leaves: compiled apps (no tests, no specs), assets, the health check script.
    cpSync(join(ROOT, 'dist'), join(app, 'dist'), {
      recursive: true,
      filter: (src) => !src.startsWith(join(ROOT, 'dist/test')) && !/\.spec\.js(\.map)?$/.test(src) && !src.endsWith('.tsbuildinfo'),
    });
    for (const file of ['package.json', 'package-lock.json', 'scripts/healthcheck.mjs']) cpSync(join(ROOT, file), join(app, file));
    // Native modules compile from source here (no prebuilt download) against Node 24's headers: minutes on 2 cores.
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app, env: base, stdio: 'pipe', timeout: 600_000 });
    mkdirSync(dataDir);

    env = {
      ...base,
      ...imageEnv(),
      DATA_DIR: dataDir,
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      NATS_NAMESPACE: `prod_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      MEDIA_SECRET: randomBytes(32).toString('base64url'),
      HOST: '127.0.0.1',
    };
    // The media service's byte port, which the gateway streams to.
    const mediaHttpPort = await freePort();
    env.MEDIA_HTTP_PORT = String(mediaHttpPort);
    env.MEDIA_URL = `http://127.0.0.1:${mediaHttpPort}`;
    const [command, ...args] = execForm('CMD');
    for (const name of APPS) {
      const port = await freePort();
      const metricsPort = await freePort();
      const internalPort = name === 'gateway' ? metricsPort : port;
      const processEnv = { ...env, SERVICE: name, PORT: String(port), METRICS_PORT: String(metricsPort) };
      const logFile = join(app, `${name}.log`);
      const proc = spawn(command ?? 'sh', args, { cwd: app, env: processEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const log = createWriteStream(logFile);
      proc.stdout?.pipe(log);
      proc.stderr?.pipe(log);
      processes.push(proc);
      internalUrls.set(name, `http://127.0.0.1:${internalPort}`);
      if (name === 'gateway') publicUrl = `http://127.0.0.1:${port}`;
      await waitForHealth(`http://127.0.0.1:${internalPort}/health/ready`, proc, logFile, 60_000);
    }
  }, 700_000);

  afterAll(async () => {
    await Promise.all(processes.map(stopProcess));
    rmSync(app, { recursive: true, force: true });
  });

  it('every app reports ready on its internal port, and the image HEALTHCHECK passes for it', () => {
    const [command, ...args] = execForm('HEALTHCHECK');
    for (const name of APPS) {
      const port = new URL(internalUrls.get(name) ?? '').port;
      const check = spawnSync(command ?? 'node', args, {
        cwd: app,
        env: { ...env, SERVICE: name, ...(name === 'gateway' ? { METRICS_PORT: port } : { PORT: port }) },
        timeout: 10_000,
      });
      expect({ name, status: check.status }).toEqual({ name, status: 0 });
    }
  });

  it('serves a user: register, then read the private profile, through the production gateway', async () => {
    const username = `prod_${randomBytes(4).toString('hex')}`;
    const registered = await fetch(`${publicUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: 'correct horse battery' }),
    });
    expect(registered.status).toBe(201);
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const profile = await fetch(`${publicUrl}/api/users/profile`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ username });
  });

  it('serves the API reference, ReDoc included, without the dev dependency redoc', async () => {
    expect(existsSync(join(app, 'node_modules/redoc'))).toBe(false);
    const bundle = await fetch(`${publicUrl}/api/redoc/redoc.standalone.js`);
    expect(bundle.status).toBe(200);
    expect((await fetch(`${publicUrl}/api/docs-json`)).status).toBe(200);
  });
});
