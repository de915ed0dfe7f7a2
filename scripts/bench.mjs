#!/usr/bin/env node
/**
 * End-to-end benchmark: starts the real system (gateway, auth, users, chat) with the e2e harness under a
 * NATS namespace of its own and a temporary DATA_DIR, drives it over HTTP on 127.0.0.1, and reports every
 * figure also as a ratio to baselines measured in the same run (the machine is shared and noisy: absolute
 * numbers move from run to run, ratios much less). See docs/benchmarks.md.
 *
 *   npm run bench                      # build, then this script
 *   npx tsc -p tsconfig.json && node scripts/bench.mjs
 *
 * Environment:
 *   BENCH_SCALE       multiplier of the request counts (default 1: 2000 measured requests per scenario)
 *   BENCH_TIME_LIMIT  overall time limit in seconds (default 300); past it the run stops with exit code 2
 *   BENCH_OUT         where to write the JSON results (default ./bench-results.json)
 *
 * Exit codes: 0 all good; 1 a correctness check failed or requests failed; 2 time limit; 3 could not run.
 */
import http from 'node:http';
import os from 'node:os';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { registerUser, startSystem } from '../dist/test/harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STARTED_AT = new Date();
const T0 = performance.now();

// ---------------------------------------------------------------- settings

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
if (!Number.isFinite(SCALE) || SCALE <= 0 || SCALE > 20) fatal(`BENCH_SCALE must be a number in (0, 20], got ${process.env.BENCH_SCALE}`);
const TIME_LIMIT_S = Number(process.env.BENCH_TIME_LIMIT ?? '300');
if (!Number.isFinite(TIME_LIMIT_S) || TIME_LIMIT_S < 10) fatal(`BENCH_TIME_LIMIT must be a number of seconds >= 10`);
const OUT = resolve(process.env.BENCH_OUT ?? join(ROOT, 'bench-results.json'));

/** Measured requests per scenario, and warm-up requests before each (not recorded). */
const N = Math.max(20, Math.round(2000 * SCALE));
const warmupFor = (concurrency) => Math.max(2 * concurrency, Math.round(N / 10));

/** Data set sizes: fixed (not scaled), so read figures stay comparable between scales. */
const USERS = 64; // u0 is the "hub": DM pair with u1, member of the room and of ~50 conversations
const ROOM_SENDERS = 50; // u0 (owner) + u1..u49 (joined)
const HISTORY_TARGET = 2000; // messages in the u0/u1 conversation read by the history scenario
const HUB_CONVERSATIONS = 50; // u0's direct conversations (u1..u50), plus the room
const SEARCH_CORPUS = 5000; // messages in u0's conversations (what u0's search runs over)
const PAGE = 50;

const deadline = Date.now() + TIME_LIMIT_S * 1000;
class TimeLimitError extends Error {}
function checkDeadline(what) {
  if (Date.now() > deadline) throw new TimeLimitError(`time limit of ${TIME_LIMIT_S}s reached during ${what}`);
}

// Only loopback: the harness starts every process with HOST=127.0.0.1; NATS must be local too.
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
for (const server of natsUrl.split(',')) {
  const host = new URL(server.includes('://') ? server : `nats://${server}`).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) fatal(`NATS_URL must point at 127.0.0.1 for the benchmark, got ${natsUrl}`);
}

function fatal(message) {
  console.error(`bench: ${message}`);
  process.exit(3);
}

// ---------------------------------------------------------------- HTTP client (keep-alive, loopback only)

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
let gatewayPort = 0;
let socketRetries = 0;

/** One request; resolves { status, body, ms } (ms = send to whole body read). Never rejects on HTTP status. */
function request(method, path, { token, body, port = gatewayPort } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  const once = () =>
    new Promise((resolveRes, reject) => {
      const started = performance.now();
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolveRes({ status: res.statusCode ?? 0, body: parsed, ms });
        });
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', (error) => {
        error.reusedSocket = req.reusedSocket;
        reject(error);
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  // A kept-alive socket the server closed just as we reused it: retry once (every request here is
  // safe to repeat: reads, and sends carry a clientMsgId).
  return once().catch((error) => {
    if (error.reusedSocket && ['ECONNRESET', 'EPIPE'].includes(error.code)) {
      socketRetries += 1;
      return once();
    }
    throw error;
  });
}

async function expectStatus(expected, method, path, options) {
  const res = await request(method, path, options);
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Runs fn(i) for i in [0, count) with at most `concurrency` in flight. */
async function pool(count, concurrency, fn) {
  let next = 0;
  const worker = async (w) => {
    while (next < count) {
      checkDeadline('setup');
      const i = next++;
      await fn(i, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, w) => worker(w)));
}

// ---------------------------------------------------------------- child processes: pids, RSS, CPU

const APPS = ['gateway', 'auth', 'users', 'chat'];
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/**
 * The system's processes, found without touching the harness's private state: every /proc entry whose
 * command line runs dist/apps/<app>/src/main.js and whose environment carries this system's NATS namespace.
 */
const ports = {};
function findPids(namespace) {
  const found = {};
  const marker = `NATS_NAMESPACE=${namespace}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const app = APPS.find((name) => cmdline.some((arg) => arg.endsWith(join('dist/apps', name, 'src/main.js'))));
      if (!app) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(marker)) continue;
      found[app] = Number(entry);
      // the internal port (metrics): METRICS_PORT on the gateway, PORT on a service; the last one wins, as in process.env
      const name = app === 'gateway' ? 'METRICS_PORT=' : 'PORT=';
      const port = environ.filter((kv) => kv.startsWith(name)).pop();
      if (port) ports[app] = Number(port.slice(name.length));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

function statusKb(pid, field) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : null;
}

function memory(pids) {
  const out = {};
  for (const [app, pid] of Object.entries(pids)) {
    try {
      out[app] = { rssMb: round(statusKb(pid, 'VmRSS') / 1024, 1), peakRssMb: round(statusKb(pid, 'VmHWM') / 1024, 1) };
    } catch {
      out[app] = null;
    }
  }
  return out;
}

/** JS heap in use per app, from its own Prometheus endpoint (prom-client default metrics) on 127.0.0.1. */
async function heapUsed() {
  const out = {};
  for (const app of APPS) {
    out[app] = null;
    if (!ports[app]) continue;
    try {
      const res = await request('GET', '/metrics', { port: ports[app] });
      const match = typeof res.body === 'string' ? res.body.match(/^nodejs_heap_size_used_bytes (\S+)$/m) : null;
      if (match) out[app] = round(Number(match[1]) / 1024 / 1024, 1);
    } catch {
      // no metrics: leave null
    }
  }
  return out;
}

/** CPU seconds (user + system) per app, plus this process as "client". */
function cpuSnapshot(pids) {
  const out = {};
  for (const [app, pid] of Object.entries(pids)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[app] = (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
    } catch {
      out[app] = NaN;
    }
  }
  const self = process.cpuUsage();
  out.client = (self.user + self.system) / 1e6;
  return out;
}

// ---------------------------------------------------------------- scenarios

const round = (x, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const results = [];
let pids = {};

/**
 * A closed-loop scenario: `concurrency` workers, each sending its next request as soon as the previous one
 * answered, until `count` requests are done; `warmup` requests first (same shape, not recorded).
 * make(i, worker, phase) returns { method, path, token?, body? }; onResponse(res, i, worker, phase) may collect.
 */
async function scenario({ name, route, group, concurrency, count = N, warmup = warmupFor(concurrency), expect, make, onResponse }) {
  const phase = async (phaseName, total, record) => {
    let next = 0;
    const latencies = record ? new Float64Array(total) : null;
    const errors = {};
    const worker = async (w) => {
      while (next < total) {
        checkDeadline(name);
        const i = next++;
        const spec = make(i, w, phaseName);
        let res;
        try {
          res = await request(spec.method, spec.path, spec);
        } catch (error) {
          errors[error.code ?? error.message] = (errors[error.code ?? error.message] ?? 0) + 1;
          if (latencies) latencies[i] = NaN;
          continue;
        }
        if (latencies) latencies[i] = res.ms;
        if (res.status !== expect) {
          const key = `${res.status} ${res.body?.code ?? ''}`.trim();
          errors[key] = (errors[key] ?? 0) + 1;
        } else if (onResponse) {
          try {
            onResponse(res, i, w, phaseName);
          } catch (error) {
            errors[`bad answer: ${error.message}`] = (errors[`bad answer: ${error.message}`] ?? 0) + 1;
          }
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    return { latencies, errors, wallMs: performance.now() - started };
  };

  await phase('warmup', warmup, false);
  const cpuBefore = cpuSnapshot(pids);
  const measured = await phase('measure', count, true);
  const cpuAfter = cpuSnapshot(pids);

  const ok = [...measured.latencies].filter(Number.isFinite).sort((a, b) => a - b);
  const errorCount = Object.values(measured.errors).reduce((a, b) => a + b, 0);
  const cpuMsPerReq = {};
  let cpuTotal = 0;
  for (const key of Object.keys(cpuAfter)) {
    const seconds = cpuAfter[key] - cpuBefore[key];
    cpuMsPerReq[key] = round((seconds * 1000) / count, 3);
    cpuTotal += seconds;
  }
  const result = {
    name,
    route,
    group,
    concurrency,
    requests: count,
    warmup,
    errors: errorCount,
    errorKinds: measured.errors,
    p50Ms: round(percentile(ok, 50), 3),
    p95Ms: round(percentile(ok, 95), 3),
    p99Ms: round(percentile(ok, 99), 3),
    meanMs: round(ok.reduce((a, b) => a + b, 0) / ok.length, 3),
    maxMs: round(ok[ok.length - 1], 3),
    rps: round((count / measured.wallMs) * 1000, 1),
    wallS: round(measured.wallMs / 1000, 2),
    cpuMsPerReq,
    /** CPU seconds used (all our processes) per wall second: ~2.0 means both cores were busy. */
    coresBusy: round(cpuTotal / (measured.wallMs / 1000), 2),
  };
  results.push(result);
  const err = errorCount ? `  ERRORS ${JSON.stringify(measured.errors)}` : '';
  console.log(
    `  ${name.padEnd(28)} c=${String(concurrency).padEnd(3)} p50 ${fmt(result.p50Ms)} ms  p99 ${fmt(result.p99Ms)} ms  ${fmt(result.rps, 0)} req/s${err}`,
  );
  return result;
}

// ---------------------------------------------------------------- data

/** Deterministic text: 10 words from a 100-word vocabulary, so any two words co-occur in ~1% of messages. */
const SYLLABLES = ['ba', 'ko', 'ri', 'su', 'te', 'lo', 'mi', 'na', 'du', 'fe'];
const VOCAB = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => `${a}${b}`));
const SEARCH_QUERY = `${VOCAB[17]} ${VOCAB[63]}`;
let seed = 0x5eed;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const text = () => Array.from({ length: 10 }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join(' ');

const RUN = randomBytes(3).toString('hex');
const msgId = (scenarioTag, phaseName, i) => `b${RUN}.${scenarioTag}.${phaseName[0]}${i}`;

// ---------------------------------------------------------------- output

function fmt(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return x.toFixed(digits);
}

function table(headers, rows) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

const report = {
  date: STARTED_AT.toISOString(),
  command: `BENCH_SCALE=${SCALE} node scripts/bench.mjs`,
  host: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadavgAtStart: os.loadavg().map((x) => round(x)) },
  settings: { scale: SCALE, requestsPerScenario: N, timeLimitS: TIME_LIMIT_S, users: USERS, roomSenders: ROOM_SENDERS, searchQuery: SEARCH_QUERY },
};

let system;
let exitCode = 0;
const watchdog = setTimeout(() => {
  // The orderly path did not finish within 30 s of the limit: kill what we started and leave.
  console.error(`bench: hard time limit; killing the system's processes`);
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(2);
}, (TIME_LIMIT_S + 30) * 1000);
watchdog.unref();

try {
  console.log(`bench: scale ${SCALE} (${N} requests per scenario), time limit ${TIME_LIMIT_S}s, node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  system = await startSystem();
  const base = new URL(system.baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error(`gateway is not on 127.0.0.1: ${system.baseUrl}`);
  gatewayPort = Number(base.port);
  pids = findPids(system.namespace);
  const missing = APPS.filter((app) => !pids[app]);
  if (missing.length) console.warn(`bench: could not find the pid of ${missing.join(', ')} (memory/CPU figures missing for them)`);
  report.system = { namespace: system.namespace, pids, startS: round((performance.now() - T0) / 1000, 1) };
  const memIdle = memory(pids);
  const heapIdle = await heapUsed();
  console.log(`system up in ${report.system.startS}s (namespace ${system.namespace}, pids ${JSON.stringify(pids)})`);
  if (process.env.E2E_KEEP_DATA) console.log(`E2E_KEEP_DATA is set: data and per-process logs stay in ${system.dataDir}`);

  // ---- users
  const setupStarted = performance.now();
  const users = new Array(USERS);
  await pool(USERS, 8, async (i) => {
    const registered = await registerUser(system, { username: `bench_${RUN}_${i}` });
    users[i] = { id: registered.user.id, token: registered.accessToken };
  });
  console.log(`registered ${USERS} users in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);

  // ---- baselines (after a warm-up of the whole path: JIT, connection pools, SQLite page cache)
  const get = (path, token) => ({ method: 'GET', path, token });
  await pool(600, 16, (i, w) => (i % 2 ? request('GET', '/health/live') : request('GET', '/api/auth/sessions', { token: users[w].token })));
  console.log('baselines');
  for (const c of [1, 16, 50]) {
    await scenario({ name: 'A: GET /health/live', route: 'GET /health/live', group: 'A', concurrency: c, expect: 200, make: () => get('/health/live') });
  }
  for (const c of [1, 16, 50]) {
    await scenario({ name: 'B: GET /api/auth/sessions', route: 'GET /api/auth/sessions', group: 'B', concurrency: c, expect: 200, make: (i, w) => get('/api/auth/sessions', users[w].token) });
  }

  // ---- direct messages: pair k = (u2k, u2k+1), one conversation per pair, the two sides take turns
  console.log('sends');
  const dmSeqs = new Map(); // conversationId -> seqs seen in 201 answers
  const collectSeq = (res) => {
    const seqs = dmSeqs.get(res.body.conversationId) ?? [];
    seqs.push(res.body.seq);
    dmSeqs.set(res.body.conversationId, seqs);
  };
  const dm = (tag) => (i, w, phaseName) => {
    const [a, b] = i % 2 === 0 ? [users[2 * w], users[2 * w + 1]] : [users[2 * w + 1], users[2 * w]];
    return { method: 'POST', path: '/api/chat/send', token: a.token, body: { recipientId: b.id, message: text(), clientMsgId: msgId(tag, phaseName, i) } };
  };
  await scenario({ name: 'send DM', route: 'POST /api/chat/send (pair u0/u1)', group: 'send', concurrency: 1, expect: 201, make: dm('d1'), onResponse: collectSeq });
  await scenario({ name: 'send DM', route: 'POST /api/chat/send (16 pairs)', group: 'send', concurrency: 16, expect: 201, make: dm('d16'), onResponse: collectSeq });

  // ---- one room, 50 senders
  const owner = users[0];
  const room = await expectStatus(201, 'POST', '/api/chat/rooms', { token: owner.token, body: { name: `bench ${RUN}`, description: 'benchmark room' } });
  await pool(ROOM_SENDERS - 1, 8, (i) => expectStatus(200, 'POST', `/api/chat/rooms/${room.id}/join`, { token: users[i + 1].token }));
  const roomSent = new Map(); // message id -> seq, from 201 answers (warm-up included: it is in the log too)
  let roomDuplicateIds = 0;
  await scenario({
    name: 'send room (50 senders)',
    route: 'POST /api/chat/rooms/:id/messages (one room, 50 members each sending)',
    group: 'send',
    concurrency: ROOM_SENDERS,
    expect: 201,
    make: (i, w, phaseName) => ({
      method: 'POST',
      path: `/api/chat/rooms/${room.id}/messages`,
      token: users[w].token,
      body: { message: text(), clientMsgId: msgId('r50', phaseName, i) },
    }),
    onResponse: (res) => {
      if (roomSent.has(res.body.id)) roomDuplicateIds += 1;
      roomSent.set(res.body.id, res.body.seq);
    },
  });

  // ---- correctness after the load: the room's sync log
  const events = [];
  for (let after = 0, guard = 0; guard < 100_000; guard++) {
    checkDeadline('sync log check');
    const page = await expectStatus(200, 'GET', `/api/chat/conversations/${room.id}/events?after=${after}&limit=100`, { token: owner.token });
    events.push(...page.items);
    if (page.nextCursor === null) break;
    after = Number(page.nextCursor);
  }
  const roomView = await expectStatus(200, 'GET', `/api/chat/conversations/${room.id}`, { token: owner.token });
  const problems = [];
  const firstBadSeq = events.findIndex((e, i) => e.seq !== i + 1);
  if (firstBadSeq !== -1) problems.push(`seq at position ${firstBadSeq + 1} is ${events[firstBadSeq].seq} (gap, duplicate or disorder)`);
  const created = events.filter((e) => e.type === 'message.created');
  const joined = events.filter((e) => e.type === 'member.joined');
  const other = events.length - created.length - joined.length;
  const createdIds = new Set(created.map((e) => e.message?.id));
  if (createdIds.size !== created.length) problems.push(`${created.length - createdIds.size} message ids appear twice in the log`);
  if (created.length !== roomSent.size) problems.push(`${created.length} message.created events for ${roomSent.size} accepted sends`);
  const lost = [...roomSent.keys()].filter((id) => !createdIds.has(id));
  if (lost.length) problems.push(`${lost.length} accepted messages missing from the log`);
  const seqMismatch = created.filter((e) => roomSent.has(e.message.id) && roomSent.get(e.message.id) !== e.seq);
  if (seqMismatch.length) problems.push(`${seqMismatch.length} messages logged under another seq than the send answered`);
  if (roomDuplicateIds) problems.push(`${roomDuplicateIds} sends answered with an id already answered`);
  if (joined.length !== ROOM_SENDERS - 1) problems.push(`${joined.length} member.joined events, expected ${ROOM_SENDERS - 1}`);
  if (other) problems.push(`${other} unexpected events`);
  if (roomView.lastSeq !== events.length) problems.push(`conversation lastSeq ${roomView.lastSeq} but ${events.length} events`);
  for (const [conversationId, seqs] of dmSeqs) {
    if (new Set(seqs).size !== seqs.length) problems.push(`direct conversation ${conversationId}: the same seq answered twice`);
  }
  const roomCheck = {
    ok: problems.length === 0,
    events: events.length,
    joins: joined.length,
    messages: created.length,
    acceptedSends: roomSent.size,
    lastSeq: roomView.lastSeq,
    directConversationsChecked: dmSeqs.size,
    problems,
  };
  report.correctness = roomCheck;
  console.log(
    `room sync log: ${events.length} events (${joined.length} joins + ${created.length} messages), seqs 1..${events.length}, ` +
      `no gaps, no dupes, ${roomSent.size} accepted sends all logged once: ${roomCheck.ok ? 'OK' : 'FAIL'}`,
  );
  for (const problem of problems) console.log(`  FAIL: ${problem}`);

  // ---- data for the read scenarios (not measured)
  checkDeadline('seeding');
  const seedStarted = performance.now();
  const hub = users[0];
  const pairKeyConversation = async (a, b) => (await expectStatus(200, 'GET', `/api/chat/messages?with=${b.id}&limit=1`, { token: a.token })).items[0]?.conversationId;
  let seeded = 0;
  const seedSend = (from, to, tag) =>
    expectStatus(201, 'POST', '/api/chat/send', { token: from.token, body: { recipientId: to.id, message: text(), clientMsgId: msgId('seed', tag, seeded++) } });
  // u0 in HUB_CONVERSATIONS direct conversations (u1 exists already): the other side writes first
  await pool(HUB_CONVERSATIONS - 1, 8, (i) => seedSend(users[i + 2], hub, 'h'));
  // the history conversation (u0/u1) up to HISTORY_TARGET messages
  const historyId = await pairKeyConversation(hub, users[1]);
  const historyView = await expectStatus(200, 'GET', `/api/chat/conversations/${historyId}`, { token: hub.token });
  const historyTopUp = Math.max(0, HISTORY_TARGET - historyView.lastSeq);
  await pool(historyTopUp, 16, (i) => (i % 2 ? seedSend(hub, users[1], 'y') : seedSend(users[1], hub, 'y')));
  // u0's conversations up to SEARCH_CORPUS messages, spread over the hub conversations
  const hubConversations = [];
  for (let cursor = null, guard = 0; guard < 100; guard++) {
    const page = await expectStatus(200, 'GET', `/api/chat/conversations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: hub.token });
    hubConversations.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const visibleEvents = hubConversations.reduce((sum, c) => sum + c.lastSeq, 0) - (ROOM_SENDERS - 1); // minus the join events
  const corpusTopUp = Math.max(0, SEARCH_CORPUS - visibleEvents);
  await pool(corpusTopUp, 16, (i) => seedSend(users[2 + (i % (HUB_CONVERSATIONS - 1))], hub, 'c'));
  const historyMessages = (await expectStatus(200, 'GET', `/api/chat/conversations/${historyId}`, { token: hub.token })).lastSeq;
  report.dataset = {
    historyConversationMessages: historyMessages,
    hubConversations: hubConversations.length,
    searchCorpusForHub: visibleEvents + corpusTopUp,
    seededMessages: seeded,
    seedS: round((performance.now() - seedStarted) / 1000, 1),
  };
  console.log(
    `seeded ${seeded} messages in ${report.dataset.seedS}s: history conversation ${historyMessages} messages, ` +
      `u0 in ${hubConversations.length} conversations holding ~${report.dataset.searchCorpusForHub} messages`,
  );

  // ---- reads
  console.log('reads');
  const historyPath = `/api/chat/conversations/${historyId}/messages?limit=${PAGE}`;
  const pageOf = (expected) => (res) => {
    if (res.body.items.length !== expected) throw new Error(`expected a page of ${expected}, got ${res.body.items.length}`);
  };
  for (const c of [1, 16]) {
    await scenario({
      name: `history ?limit=${PAGE} (${(historyMessages / 1000).toFixed(1)}k)`,
      route: `GET /api/chat/conversations/:id/messages?limit=${PAGE}`,
      group: 'read',
      concurrency: c,
      expect: 200,
      make: (i) => get(historyPath, (i % 2 ? users[1] : hub).token),
      onResponse: pageOf(PAGE),
    });
  }
  for (const c of [1, 16]) {
    await scenario({
      name: `conversations (${hubConversations.length} convs)`,
      route: 'GET /api/chat/conversations',
      group: 'read',
      concurrency: c,
      expect: 200,
      make: () => get('/api/chat/conversations', hub.token),
      onResponse: pageOf(Math.min(PAGE, hubConversations.length)),
    });
  }
  let searchHits = null;
  for (const c of [1, 16]) {
    await scenario({
      name: `search "${SEARCH_QUERY}" (~${(report.dataset.searchCorpusForHub / 1000).toFixed(0)}k)`,
      route: 'GET /api/chat/search?q=<two words>',
      group: 'read',
      concurrency: c,
      expect: 200,
      make: () => get(`/api/chat/search?q=${encodeURIComponent(SEARCH_QUERY)}`, hub.token),
      onResponse: (res) => {
        searchHits = res.body.items.length;
      },
    });
  }
  report.dataset.searchHitsFirstPage = searchHits;

  // ---- drift: the first baseline again, at the end
  console.log('drift check');
  const drift = await scenario({ name: 'A: GET /health/live (again)', route: 'GET /health/live', group: 'A-end', concurrency: 16, expect: 200, make: () => get('/health/live') });

  // ---- memory
  const memAfter = memory(pids);
  const heapAfter = await heapUsed();
  report.memory = Object.fromEntries(
    APPS.map((app) => [
      app,
      {
        idleRssMb: memIdle[app]?.rssMb ?? null,
        afterRssMb: memAfter[app]?.rssMb ?? null,
        peakRssMb: memAfter[app]?.peakRssMb ?? null,
        idleHeapUsedMb: heapIdle[app],
        afterHeapUsedMb: heapAfter[app],
      },
    ]),
  );

  // ---- ratios
  const baseline = (group, c) => results.find((r) => r.group === group && r.concurrency === c);
  for (const r of results) {
    const a = baseline('A', r.concurrency);
    const b = baseline('B', r.concurrency);
    r.vsA = a ? { p50: round(r.p50Ms / a.p50Ms), p95: round(r.p95Ms / a.p95Ms), p99: round(r.p99Ms / a.p99Ms), rps: round(r.rps / a.rps, 3) } : null;
    r.vsB = b && r.group !== 'A' && r.group !== 'A-end' ? { p50: round(r.p50Ms / b.p50Ms), p95: round(r.p95Ms / b.p95Ms), p99: round(r.p99Ms / b.p99Ms), rps: round(r.rps / b.rps, 3) } : null;
  }
  report.driftA16 = { p50: drift.vsA?.p50 ?? null, rps: drift.vsA?.rps ?? null };
  report.scenarios = results;
  report.socketRetries = socketRetries;
  report.host.loadavgAtEnd = os.loadavg().map((x) => round(x));
  report.durationS = round((performance.now() - T0) / 1000, 1);

  const failedRequests = results.reduce((sum, r) => sum + r.errors, 0);
  report.ok = roomCheck.ok && failedRequests === 0;
  if (!report.ok) exitCode = 1;

  // ---- print
  console.log('\nlatency (ms) and throughput; ratios to the baselines at the same concurrency (xA: vs GET /health/live, xB: vs GET /api/auth/sessions)\n');
  console.log(
    table(
      ['scenario', 'c', 'n', 'err', 'p50', 'p95', 'p99', 'req/s', 'p50 xA', 'req/s xA', 'p50 xB', 'req/s xB', 'cores'],
      results.map((r) => [
        r.name,
        r.concurrency,
        r.requests,
        r.errors,
        fmt(r.p50Ms),
        fmt(r.p95Ms),
        fmt(r.p99Ms),
        fmt(r.rps, 0),
        fmt(r.vsA?.p50),
        fmt(r.vsA?.rps, 3),
        fmt(r.vsB?.p50),
        fmt(r.vsB?.rps, 3),
        fmt(r.coresBusy),
      ]),
    ),
  );
  console.log('\nCPU ms per request (user+system, by process; "client" is this script)\n');
  console.log(
    table(
      ['scenario', 'c', ...APPS, 'client', 'total'],
      results.map((r) => {
        const cells = [...APPS, 'client'].map((k) => r.cpuMsPerReq[k]);
        return [r.name, r.concurrency, ...cells.map((x) => fmt(x)), fmt(cells.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0))];
      }),
    ),
  );
  console.log('\nmemory (MB: RSS idle after start-up, after the load, peak (VmHWM); JS heap used idle / after)\n');
  console.log(
    table(
      ['process', 'rss idle', 'rss after', 'rss peak', 'heap idle', 'heap after'],
      APPS.map((app) => {
        const m = report.memory[app];
        return [app, fmt(m.idleRssMb, 1), fmt(m.afterRssMb, 1), fmt(m.peakRssMb, 1), fmt(m.idleHeapUsedMb, 1), fmt(m.afterHeapUsedMb, 1)];
      }),
    ),
  );
  console.log(
    `\nroom sync log check: ${roomCheck.ok ? 'OK' : 'FAIL'}; failed requests: ${failedRequests}; baseline drift (A c=16 at the end vs start): ` +
      `p50 x${fmt(report.driftA16.p50)}, req/s x${fmt(report.driftA16.rps, 3)}; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${report.durationS}s`,
  );
} catch (error) {
  exitCode = error instanceof TimeLimitError ? 2 : exitCode || 3;
  report.ok = false;
  report.error = String(error?.stack ?? error);
  console.error(`bench: ${error instanceof TimeLimitError ? error.message : (error?.stack ?? error)}`);
} finally {
  if (system) {
    try {
      await system.shutdown();
    } catch (error) {
      console.error(`bench: shutdown failed: ${error}`);
    }
  }
  agent.destroy();
  report.durationS ??= round((performance.now() - T0) / 1000, 1);
  report.scenarios ??= results;
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${OUT}`);
  clearTimeout(watchdog);
}
process.exit(exitCode);
