#!/usr/bin/env node
// Local run, no containers: build once, make sure NATS answers (start nats-server if it is on the PATH),
// then run auth, users, chat, notifications, media and the gateway as separate processes on the embedded SQLite default.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
if (existsSync('.env')) process.loadEnvFile('.env');

const env = { ...process.env };
env.NATS_URL ||= 'nats://127.0.0.1:4222';
env.DATA_DIR ||= join(root, 'data');
const gatewayPort = env.PORT || '3000';
// The gateway's internal port (health details, metrics); the services' internal port is their PORT.
const metricsPort = env.METRICS_PORT || '9100';
const servicePorts = {
  auth: env.AUTH_PORT || '3001',
  users: env.USERS_PORT || '3002',
  chat: env.CHAT_PORT || '3003',
  notifications: env.NOTIFICATIONS_PORT || '3004',
  media: env.MEDIA_PORT || '3006',
};
// The media service's byte port, which the gateway streams uploads and downloads through.
env.MEDIA_HTTP_PORT ||= '3005';
env.MEDIA_URL ||= `http://127.0.0.1:${env.MEDIA_HTTP_PORT}`;
// Private: it holds the databases (password hashes, messages) and the development JWT key.
mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });

function log(message) {
  process.stderr.write(`[start] ${message}\n`);
}

// A development key is made once and kept in DATA_DIR so tokens survive restarts. Production sets JWT_SECRET.
if (!env.JWT_SECRET) {
  const file = join(env.DATA_DIR, '.dev-jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  env.JWT_SECRET = readFileSync(file, 'utf8').trim();
  log(`JWT_SECRET not set: using the development key in ${file}`);
}

// Likewise the key the gateway signs its requests to media with (and media its signed urls).
if (!env.MEDIA_SECRET) {
  const file = join(env.DATA_DIR, '.dev-media-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  env.MEDIA_SECRET = readFileSync(file, 'utf8').trim();
  log(`MEDIA_SECRET not set: using the development key in ${file}`);
}

if (!process.argv.includes('--no-build')) {
  log('building (tsc, then the web client with vite)…');
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // The gateway serves dist/web at `/`; a failed client build is reported but does not stop the API.
  // The app first (its build empties dist/web), then the service worker beside it (/sw.js, push notifications).
  const vite = (config) => spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', config, '--logLevel', 'warn'], { stdio: 'inherit' });
  const web = vite('apps/web/vite.config.ts');
  if (web.status !== 0) log('the web client did not build; the API runs without it');
  else if (vite('apps/web/vite.sw.config.ts').status !== 0) log('the service worker did not build; push notifications cannot be turned on');
}

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((done) => {
    const socket = connect({ host, port: Number(port) });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 6000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function run(name, command, args, extraEnv = {}) {
  const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping everything`);
    stopAll(code || 1);
  });
  children.push(child);
  return child;
}

const natsUrl = new URL(env.NATS_URL.split(',')[0]);
const natsHost = natsUrl.hostname;
const natsPort = natsUrl.port || '4222';
if (!(await reachable(natsHost, natsPort))) {
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const binary = which.stdout.trim();
  if (!binary) {
    log(`no NATS server answers at ${env.NATS_URL}, and nats-server is not on the PATH.`);
    log('Install one (Debian/Ubuntu: sudo apt-get install nats-server; macOS: brew install nats-server;');
    log('or: docker run -p 4222:4222 nats:2.10 -js), or point NATS_URL at a running server.');
    process.exit(1);
  }
  log(`starting ${binary} with JetStream on ${natsHost}:${natsPort}`);
  run('nats-server', binary, ['-a', natsHost, '-p', natsPort, '-js', '-sd', join(env.DATA_DIR, 'nats')]);
  const deadline = Date.now() + 10_000;
  while (!(await reachable(natsHost, natsPort))) {
    if (Date.now() > deadline) {
      log('nats-server did not start listening within 10 s');
      stopAll(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// node's flags for a service, as the image passes them (deploy/service-node-flags, docs/adr/0021).
const { serviceNodeFlags } = await import('../dist/libs/common/src/bootstrap/service-node-flags.js');
const nodeFlags = serviceNodeFlags(root);
for (const [service, port] of Object.entries(servicePorts)) {
  run(service, process.execPath, [...nodeFlags, `dist/apps/${service}/src/main.js`], { PORT: port });
}
run('gateway', process.execPath, [...nodeFlags, 'dist/apps/gateway/src/main.js'], { PORT: gatewayPort, METRICS_PORT: metricsPort });

const base = `http://127.0.0.1:${gatewayPort}`;
// Ready means every process says so on its internal port (NATS connected, storage open).
const internalPorts = { ...servicePorts, gateway: metricsPort };
// Five Node processes start at once: on a busy 2-core machine that alone can take most of a minute.
const deadline = Date.now() + 90_000;
for (;;) {
  const answers = await Promise.all(
    Object.values(internalPorts).map((port) => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false)),
  );
  if (answers.every(Boolean)) break;
  if (Date.now() > deadline || stopping) {
    const waiting = Object.keys(internalPorts).filter((_, i) => !answers[i]);
    log(`not ready within 90 s: ${waiting.join(', ')} (check their /health/ready)`);
    stopAll(1);
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
if (!stopping) log(`ready: API on ${base}/api (docs: ${base}/api/docs); Ctrl+C stops everything`);
