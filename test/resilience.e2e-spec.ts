import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Ack, CLIENT_EVENTS, type Message } from '#contracts';
import {
  closeSockets,
  connectSocket,
  emit,
  freePort,
  natsServerBinary,
  OwnNatsServer,
  refusal,
  registerUser,
  startSystem,
  type System,
} from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The drain test sends SIGTERM after this many sends. */
const SIGNAL_AT = 300;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

const status = (url: string) => fetch(url, { signal: AbortSignal.timeout(3000) }).then((r) => r.status);

const binary = natsServerBinary();
if (!binary) process.stdout.write('[resilience] bus outage test skipped: no nats-server binary (set NATS_SERVER_BIN)\n');
const describeWithNats = binary ? describe : describe.skip;

describeWithNats('a NATS outage during traffic', () => {
  let nats: OwnNatsServer;
  let system: System;
  let lateGateway: ChildProcess | undefined;

  beforeAll(async () => {
    nats = await OwnNatsServer.start(binary ?? '');
    system = await startSystem({ env: { NATS_URL: nats.url } });
  });

  afterAll(async () => {
    closeSockets();
    lateGateway?.kill('SIGKILL');
    await system?.shutdown();
    await nats?.dispose();
  });

  it('answers SERVICE_UNAVAILABLE everywhere (never 401/500/INTERNAL), starts up without NATS, and recovers by itself', async () => {
    const [alice, bob] = [await registerUser(system), await registerUser(system)];
    const socket = await connectSocket(system.baseUrl, alice.accessToken);
    const send = (clientMsgId: string) => emit<Message>(socket, CLIENT_EVENTS.messageSend, { recipientId: bob.user.id, content: 'hi', clientMsgId }, 10_000);
    expect((await send('before')).ok).toBe(true);

    await nats.stop();
    const rest = [
      await system.request('GET', '/api/auth/sessions', { token: alice.accessToken }),
      await system.request('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'during' } }),
      await system.request('POST', '/api/auth/login', { body: { login: alice.username, password: alice.password } }),
    ];
    for (const res of rest) expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(await send('during')).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(await refusal(system.baseUrl, { token: alice.accessToken })).toBe('SERVICE_UNAVAILABLE');
    expect(await status(`${system.internalUrl}/health/ready`)).toBe(503);
    expect(await status(`${system.internalUrl}/health/live`)).toBe(200);

    // A gateway started while NATS is away waits for it: live, not ready, and it does not exit.
    const [port, internalPort] = [await freePort(), await freePort()];
    lateGateway = spawn(process.execPath, [join(ROOT, 'dist/apps/gateway/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...system.env, PORT: String(port), METRICS_PORT: String(internalPort) },
      stdio: 'ignore',
    });
    expect(await until('late gateway live', async () => ((await status(`http://127.0.0.1:${internalPort}/health/live`)) === 200 ? true : undefined))).toBe(true);
    expect(await status(`http://127.0.0.1:${internalPort}/health/ready`)).toBe(503);
    await sleep(1500);
    expect(lateGateway.exitCode).toBeNull();

    await nats.restart();
    // Everything comes back without a restart of ours.
    await until('REST recovers', async () => ((await system.request('GET', '/api/auth/sessions', { token: alice.accessToken })).status === 200 ? true : undefined));
    const after = await until('socket sends recover', async () => {
      const ack = await send('after');
      return ack.ok ? ack : undefined;
    });
    expect(after.ok).toBe(true);
    expect((await connectSocket(system.baseUrl, alice.accessToken)).connected).toBe(true);
    await until('ready again', async () => ((await status(`${system.internalUrl}/health/ready`)) === 200 ? true : undefined));
    await until('late gateway ready', async () => ((await status(`http://127.0.0.1:${internalPort}/health/ready`)) === 200 ? true : undefined));
    const viaLate = await system.request('GET', '/api/auth/sessions', { token: alice.accessToken }, `http://127.0.0.1:${port}`);
    expect(viaLate.status).toBe(200);
  });
});

describe('graceful drain on SIGTERM', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem();
  });

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('a gateway answers every event it received before closing its sockets; a clientMsgId retry elsewhere finds the rest', async () => {
    const [sender, peer] = [await registerUser(system), await registerUser(system)];
    const doomed = await system.startGateway();
    const socket = await connectSocket(doomed.baseUrl, sender.accessToken);
    const acks = new Map<string, Ack<Message> | 'lost'>();
    const pending: Promise<void>[] = [];
    let disconnectedAt = 0;
    socket.on('disconnect', () => (disconnectedAt = performance.now()));
    let signalledAt = 0;
    // A steady 1000 sends per second (bursts of 10 every 10 ms) until the draining gateway closes the socket.
    for (let i = 0; socket.connected; i++) {
      const clientMsgId = `drain-${i}`;
      pending.push(
        emit<Message>(socket, CLIENT_EVENTS.messageSend, { recipientId: peer.user.id, content: `n${i}`, clientMsgId }, 10_000).then(
          (ack) => void acks.set(clientMsgId, ack),
          () => void acks.set(clientMsgId, 'lost'),
        ),
      );
      if (i === SIGNAL_AT) {
        signalledAt = performance.now();
        doomed.process.kill('SIGTERM');
      }
      if (i % 10 === 9) await sleep(10);
    }
    await Promise.all(pending);
    const proc = doomed.process;
    if (proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once('exit', r));

    let storedAll: Message[] = [];
    for (let after = 0; ; ) {
      const page = await system.request<{ items: Message[] }>('GET', `/api/chat/messages?with=${peer.user.id}&after=${after}&limit=100`, { token: sender.accessToken });
      storedAll = storedAll.concat(page.body.items);
      if (page.body.items.length < 100) break;
      after = page.body.items.at(-1)?.seq ?? after;
    }
    const lost = [...acks].filter(([, ack]) => ack === 'lost').map(([id]) => id);
    const index = (clientMsgId: string) => Number(clientMsgId.split('-')[1]);
    process.stdout.write(
      `[drain] ${acks.size} sent, ${[...acks.values()].filter((a) => a !== 'lost' && a.ok).length} acked ok, ` +
        `${lost.length} without ack, ${storedAll.length} stored; sockets closed ${(disconnectedAt - signalledAt).toFixed(0)} ms after SIGTERM\n`,
    );
    // Every event sent before the signal was answered (ok, or an error to retry) before the socket closed.
    expect(lost.filter((id) => index(id) <= SIGNAL_AT)).toEqual([]);
    // Every stored message was acknowledged, or a clientMsgId retry on another gateway finds that very message.
    const live = await connectSocket(system.baseUrl, sender.accessToken);
    const retry = (clientMsgId: string) => emit<Message>(live, CLIENT_EVENTS.messageSend, { recipientId: peer.user.id, content: 'retry', clientMsgId });
    for (const message of storedAll) {
      const ack = acks.get(message.clientMsgId ?? '');
      if (ack && ack !== 'lost' && ack.ok) expect(ack.data.id).toBe(message.id);
      else expect(await retry(message.clientMsgId ?? '')).toMatchObject({ ok: true, data: { id: message.id } });
    }
    // Whatever got no answer (sent as the socket closed) is safe to retry too.
    for (const clientMsgId of lost) expect((await retry(clientMsgId)).ok).toBe(true);
    // Every ok ack names a stored message.
    const storedIds = new Set(storedAll.map((m) => m.id));
    for (const ack of acks.values()) if (ack !== 'lost' && ack.ok) expect(storedIds.has(ack.data.id)).toBe(true);
  });
});
