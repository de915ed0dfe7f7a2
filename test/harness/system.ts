import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceNodeFlags } from '../../libs/common/src/bootstrap/service-node-flags.js';
import { dropStore, storeEnv } from './store.js';

/** Repository root: this file runs from dist/test/harness/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The services' own node flags, as the image and `npm start` pass them (deploy/service-node-flags), read once. */
const SERVICE_NODE_FLAGS = serviceNodeFlags(ROOT);

export type ServiceName = 'auth' | 'users' | 'chat' | 'notifications' | 'media';
export const ALL_SERVICES: ServiceName[] = ['auth', 'users', 'chat', 'notifications', 'media'];

export interface HttpResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  /** Milliseconds from sending the request to reading the whole response. */
  elapsedMs: number;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw request body (sent as is, with content-type application/json). */
  rawBody?: string;
}

export interface Gateway {
  baseUrl: string;
  /** The internal port: /health/ready, /metrics. */
  internalUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

// Ports come from below the kernel's ephemeral range (32768-60999 on Linux): a port the OS handed out with
// listen(0) could be taken, before the service binds it, by any outgoing connection (to NATS, say), which is
// how a CI run once failed with EADDRINUSE. A port is never handed out twice in one process either.
const PORT_RANGE = { low: 20_000, high: 32_000 };
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once('error', () => done(false));
    // No host: the dual-stack wildcard, so a listener on any interface makes the port unavailable.
    server.listen(port, () => server.close(() => done(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_RANGE.low + Math.floor(Math.random() * (PORT_RANGE.high - PORT_RANGE.low));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.low} and ${PORT_RANGE.high}`);
}

/**
 * A counter of a process's internal /metrics, summed over its labels: what a gateway replica heard on NATS, e.g.
 * `gateway_user_deliveries_received_total` (ADR 0012). Throws if the process does not expose it.
 */
export async function counterValue(internalUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const samples = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))];
  if (samples.length === 0 && !new RegExp(`^# TYPE ${name} counter$`, 'm').test(text)) throw new Error(`${name} missing from /metrics`);
  return samples.reduce((sum, m) => sum + Number(m[1]), 0);
}

// Generous: on a loaded 2-core machine Nest start-up alone can take tens of seconds; only a failure waits this long.
export async function waitForHealth(url: string, proc: ChildProcess, logFile: string, timeoutMs = Number(process.env.E2E_HEALTH_TIMEOUT_MS ?? 90_000)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    // no log yet
  }
  throw new Error(`${url} did not become healthy (exit code ${proc.exitCode}). Last log lines:\n${log}`);
}

/**
 * The whole system, started for real from dist/: the four services and a gateway as child processes,
 * on the shared NATS server under a namespace of their own, with SQLite files in a temporary DATA_DIR
 * (or databases of their own on MongoDB, see store.ts).
 */
export class System {
  readonly namespace = `e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
  readonly jwtSecret = randomBytes(32).toString('base64url');
  readonly mediaSecret = randomBytes(32).toString('base64url');
  /** The media service's internal HTTP port (bytes), fixed for the system so a restarted media keeps it. */
  mediaHttpPort = 0;
  private readonly processes = new Map<string, ChildProcess>();
  private readonly gateways: Gateway[] = [];
  baseUrl = '';
  /** The first gateway's internal port (health details, metrics). */
  internalUrl = '';
  /** Internal (health) URL of each running service. */
  readonly serviceUrls = new Map<ServiceName, string>();

  constructor(
    private readonly extraEnv: Record<string, string> = {},
    /** Node options for every process, before the script (e.g. the bench's --cpu-prof, which NODE_OPTIONS refuses). */
    private readonly nodeArgs: string[] = [],
  ) {
    mkdirSync(join(this.dataDir, 'logs'), { recursive: true });
    // If the test runner exits without calling shutdown() (a crash, a timeout), take the services along.
    process.once('exit', this.killAll);
  }

  private readonly killAll = (): void => {
    for (const proc of this.processes.values()) if (proc.exitCode === null) proc.kill('SIGKILL');
  };

  /** Environment shared by every process of this system. */
  get env(): Record<string, string> {
    return {
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      NATS_NAMESPACE: this.namespace,
      DATA_DIR: this.dataDir,
      JWT_SECRET: this.jwtSecret,
      MEDIA_SECRET: this.mediaSecret,
      BCRYPT_COST: '4',
      RPC_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // Generous budgets by default; the suites about limits set their own.
      RATE_LIMIT_AUTH_PER_IP: '100000',
      RATE_LIMIT_AUTH_PER_ACCOUNT: '100000',
      RATE_LIMIT_WRITES_PER_USER: '100000',
      RATE_LIMIT_SYNC_PER_USER: '100000',
      RATE_LIMIT_TYPING_PER_USER: '100000',
      RATE_LIMIT_SEARCH_PER_USER: '100000',
      // The namespace is also the database prefix on MongoDB: parallel runs never share data.
      ...storeEnv(this.namespace),
      ...this.extraEnv,
    };
  }

  async start(services: ServiceName[] = ALL_SERVICES): Promise<this> {
    this.mediaHttpPort = await freePort();
    await Promise.all(services.map((name) => this.startService(name)));
    const gateway = await this.startGateway();
    this.baseUrl = gateway.baseUrl;
    this.internalUrl = gateway.internalUrl;
    return this;
  }

  async startService(name: ServiceName, env: Record<string, string> = {}): Promise<void> {
    if (this.processes.has(name)) throw new Error(`${name} is already running`);
    const port = await freePort();
    const media: Record<string, string> = name === 'media' ? { MEDIA_HTTP_PORT: String(this.mediaHttpPort || (this.mediaHttpPort = await freePort())) } : {};
    await this.spawn(name, name, port, { ...media, ...env }, port);
    this.serviceUrls.set(name, `http://127.0.0.1:${port}`);
  }

  /** A process of this system by key (`auth`, `users`, `chat`, `gateway-<n>`), e.g. to signal it. */
  processOf(key: string): ChildProcess | undefined {
    return this.processes.get(key);
  }

  async stopService(name: ServiceName): Promise<void> {
    const proc = this.processes.get(name);
    this.processes.delete(name);
    if (proc) await stopProcess(proc);
  }

  /** Another gateway replica (e.g. with different limits), stopped with the system. */
  async startGateway(env: Record<string, string> = {}): Promise<Gateway> {
    const port = await freePort();
    const internalPort = await freePort();
    const key = `gateway-${this.gateways.length}`;
    const mediaUrl = `http://127.0.0.1:${this.mediaHttpPort || (this.mediaHttpPort = await freePort())}`;
    const proc = await this.spawn(key, 'gateway', port, { METRICS_PORT: String(internalPort), MEDIA_URL: mediaUrl, ...env }, internalPort);
    const gateway: Gateway = {
      baseUrl: `http://127.0.0.1:${port}`,
      internalUrl: `http://127.0.0.1:${internalPort}`,
      process: proc,
      stop: async () => {
        this.processes.delete(key);
        await stopProcess(proc);
      },
    };
    this.gateways.push(gateway);
    return gateway;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
    baseUrl = this.baseUrl,
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const elapsedMs = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T, elapsedMs };
  }

  async shutdown(): Promise<void> {
    process.removeListener('exit', this.killAll);
    await Promise.all([...this.processes.values()].map(stopProcess));
    this.processes.clear();
    if (process.env.E2E_KEEP_DATA) return;
    rmSync(this.dataDir, { recursive: true, force: true });
    await dropStore(this.namespace);
  }

  /** Starts dist/apps/<app> and waits until its internal port says ready (NATS connected, storage open). */
  private async spawn(key: string, app: string, port: number, env: Record<string, string>, internalPort: number): Promise<ChildProcess> {
    const logFile = join(this.dataDir, 'logs', `${key}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const proc = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...this.nodeArgs, join(ROOT, 'dist/apps', app, 'src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    this.processes.set(key, proc);
    await waitForHealth(`http://127.0.0.1:${internalPort}/health/ready`, proc, logFile);
    return proc;
  }
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startSystem(
  options: { env?: Record<string, string>; services?: ServiceName[]; nodeArgs?: string[] } = {},
): Promise<System> {
  const system = new System(options.env, options.nodeArgs);
  try {
    return await system.start(options.services);
  } catch (error) {
    await system.shutdown();
    throw error;
  }
}
