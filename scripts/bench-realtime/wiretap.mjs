#!/usr/bin/env node
/**
 * Counts the NATS traffic of one chat message: starts a private nats-server (monitoring on), the system from
 * dist/ through the e2e harness, two users (`direct`) or a room of 20 (`room`), then sends N socket messages one
 * by one while a subscriber on `>` counts every message on the bus by subject (ids folded), per message sent.
 *
 *   node scripts/bench-realtime/wiretap.mjs [direct|room] [N]
 *
 * What bench/README.md's "regression" section quotes came from this. The subscriber sees what is published
 * (requests, replies, JetStream API calls, advisories, consumer deliveries); acks to $JS.ACK are not shown.
 */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mode = process.argv[2] ?? 'direct';
const COUNT = Number(process.argv[3] ?? 50);
const { connectSocket, emit, freePort, natsServerBinary, registerUser, startSystem } = await import(join(ROOT, 'dist/test/harness/index.js'));
const { connect } = await import('@nats-io/transport-node');

const [port, monitor] = [await freePort(), await freePort()];
const dir = join(os.tmpdir(), `wiretap-nats-${port}`);
const nats = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '-js', '-sd', dir], { stdio: 'ignore' });
process.env.NATS_URL = `nats://127.0.0.1:${port}`;
await sleep(500);
const system = await startSystem({ env: { LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: '5000' } });
try {
  const users = [];
  for (let i = 0; i < (mode === 'room' ? 20 : 2); i++) users.push(await registerUser(system));
  let conversationId;
  if (mode === 'room') {
    const room = await system.request('POST', '/api/chat/rooms', { token: users[0].accessToken, body: { name: `wiretap-${port}`, visibility: 'public' } });
    conversationId = room.body.id;
    for (const u of users.slice(1)) await system.request('POST', `/api/chat/rooms/${conversationId}/join`, { token: u.accessToken });
  } else {
    const first = await system.request('POST', '/api/chat/send', { token: users[0].accessToken, body: { recipientId: users[1].user.id, message: 'hi' } });
    conversationId = first.body.conversationId;
  }
  const sockets = await Promise.all(users.map((u) => connectSocket(system.baseUrl, u.accessToken)));
  await sleep(2000);
  const nc = await connect({ servers: `127.0.0.1:${port}` });
  const counts = new Map();
  let bytes = 0;
  // namespaces, inboxes, ids and ack coordinates folded, so that one kind of message is one line
  const fold = (subject) =>
    subject
      .replace(/^e2e_[0-9a-f]+\./, 'NS.')
      .replace(/_INBOX\.[^.]+(\..*)?/, '_INBOX.*')
      .replace(/[0-9A-Za-z_-]{20,}/g, '<id>');
  const sub = nc.subscribe('>', {
    callback: (_error, m) => {
      const key = `${fold(m.subject)}${m.reply ? ` (reply to ${fold(m.reply).split('.').slice(0, 2).join('.')})` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      bytes += m.data.length;
    },
  });
  await nc.flush();
  const varz = async () => (await fetch(`http://127.0.0.1:${monitor}/varz`)).json();
  const before = await varz();
  for (let i = 0; i < COUNT; i++) {
    const ack = await emit(sockets[0], 'message:send', { conversationId, content: `m${i}`, clientMsgId: `wiretap-${i}` });
    if (!ack.ok) console.log('ack error', ack.error);
    await sleep(10);
  }
  await sleep(3000);
  const after = await varz();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`${mode}: ${COUNT} messages; per message: ${(total / COUNT).toFixed(2)} published on the bus, ${(bytes / COUNT).toFixed(0)} bytes; server in_msgs ${((after.in_msgs - before.in_msgs) / COUNT).toFixed(1)}, out_msgs ${((after.out_msgs - before.out_msgs) / COUNT).toFixed(1)} (this subscriber included)`);
  for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) if (n / COUNT >= 0.05) console.log(`${(n / COUNT).toFixed(2)}\t${key}`);
  sub.unsubscribe();
  await nc.close();
  for (const s of sockets) s.close();
} finally {
  await system.shutdown();
  nats.kill();
  spawnSync('rm', ['-rf', dir]);
}
