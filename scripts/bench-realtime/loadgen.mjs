#!/usr/bin/env node
/**
 * A load generator of `npm run bench:realtime`, forked by scripts/bench-realtime.mjs (IPC messages in, results
 * out). It holds both ends of each conversation it drives, so send and receive times come from one clock
 * (performance.now of this process). Sends follow a fixed schedule and latency counts from the scheduled
 * time, not from when the send actually left (no coordinated omission: a stalled system shows as latency).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

/** target -> userId -> socket */
const sockets = { full: new Map(), relay: new Map() };
const idle = [];
/** clientMsgId -> { scheduled, expected: Set of receiving userIds still awaited, ackAt } for the running step */
let inFlight = new Map();
let stats;
/** This process's own stalls: a late delivery with a stalled load generator is the bench's, not the system's. */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();
/** Deliveries later than this are counted per 100 ms of schedule, to tell one stall from steady queueing. */
const SLOW_MS = 50;

function open(url, token) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    const timer = setTimeout(() => reject(new Error('connect timeout')), 30_000);
    socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
    socket.once('connect_error', (error) => (clearTimeout(timer), socket.close(), reject(error)));
  });
}

function onMessage(userId, message) {
  const record = inFlight.get(message?.clientMsgId);
  if (!record) return;
  if (!record.expected.delete(userId)) {
    stats.duplicates += 1;
    return;
  }
  stats.delivered += 1;
  const latency = performance.now() - record.scheduled;
  stats.deliverMs.push(latency);
  if (latency > SLOW_MS) {
    const bin = Math.floor((record.scheduled - stats.startedAt) / 100) * 100;
    stats.slowByScheduleMs[bin] = (stats.slowByScheduleMs[bin] ?? 0) + 1;
  }
}

function ackError(code) {
  stats.ackErrors += 1;
  stats.ackErrorCodes[code] = (stats.ackErrorCodes[code] ?? 0) + 1;
}

async function connect({ target, url, users }) {
  let failed = 0;
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(
      users.slice(i, i + 100).map(async (user) => {
        try {
          const socket = await open(url, user.token);
          socket.on('message:new', (m) => onMessage(user.id, m));
          socket.on('disconnect', (reason) => {
            if (reason !== 'io client disconnect' && stats) stats.disconnects += 1;
          });
          sockets[target].set(user.id, socket);
        } catch {
          failed += 1;
        }
      }),
    );
  }
  return { connected: sockets[target].size, failed };
}

async function openIdle({ url, tokens, count }) {
  let failed = 0;
  /** why sockets failed, by error message (connect_error's, or the timeout) */
  const reasons = {};
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, (_, j) => tokens[(i + j) % tokens.length]);
    const results = await Promise.allSettled(batch.map((token) => open(url, token)));
    for (const r of results) {
      if (r.status === 'fulfilled') idle.push(r.value);
      else {
        failed += 1;
        const reason = String(r.reason?.message ?? r.reason);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
  }
  return { open: idle.length, failed, reasons };
}

/**
 * Sends `rate` messages per second for durationMs, round-robin over `senders` ({ userId, conversationId,
 * memberIds }), then waits drainMs for late deliveries. Every member socket (the sender's included, as the
 * gateway emits to every socket of every member) must receive each message exactly once.
 */
async function run({ target, rate, durationMs, drainMs, senders, tag }) {
  inFlight = new Map();
  const start = performance.now() + 20;
  stats = { sent: 0, acked: 0, ackErrors: 0, expected: 0, delivered: 0, duplicates: 0, disconnects: 0, deliverMs: [], ackMs: [], lateSends: 0, ackErrorCodes: {}, startedAt: start, slowByScheduleMs: {}, loopDelayMaxMs: 0 };
  loopDelay.reset();
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  let i = 0;
  const pending = [];
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        const scheduled = start + i * interval;
        const sender = senders[i % senders.length];
        const clientMsgId = `${tag}-${i}`;
        const expected = new Set(sender.memberIds.filter((id) => sockets[target].has(id)));
        stats.expected += expected.size;
        inFlight.set(clientMsgId, { scheduled, expected });
        if (now - scheduled > 5) stats.lateSends += 1;
        const socket = sockets[target].get(sender.userId);
        stats.sent += 1;
        pending.push(
          socket
            .timeout(10_000)
            .emitWithAck('message:send', { conversationId: sender.conversationId, content: `bench ${i}`, clientMsgId })
            .then(
              (ack) => {
                if (ack?.ok) {
                  stats.acked += 1;
                  stats.ackMs.push(performance.now() - scheduled);
                } else ackError(ack?.error?.code ?? 'BAD_ACK');
              },
              (error) => ackError(error?.message ?? 'ERROR'),
            ),
        );
        i += 1;
      }
      if (i >= total) return done();
      setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  const deadline = performance.now() + drainMs;
  while (stats.delivered < stats.expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // duplicates arriving just after the last expected delivery still count
  await new Promise((r) => setTimeout(r, 200));
  const result = stats;
  // the histogram records whole intervals between its timer's runs: the stall is what exceeds the resolution
  result.loopDelayMaxMs = Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS);
  inFlight = new Map();
  return result;
}

process.on('message', async (command) => {
  try {
    let result;
    if (command.type === 'connect') result = await connect(command);
    else if (command.type === 'idle') result = await openIdle(command);
    else if (command.type === 'closeIdle') {
      for (const s of idle.splice(0)) s.close();
      result = {};
    } else if (command.type === 'run') result = await run(command);
    else if (command.type === 'exit') {
      for (const map of Object.values(sockets)) for (const s of map.values()) s.close();
      for (const s of idle) s.close();
      process.exit(0);
    }
    process.send({ id: command.id, ok: true, result });
  } catch (error) {
    process.send({ id: command.id, ok: false, error: String(error?.stack ?? error) });
  }
});
