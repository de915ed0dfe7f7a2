#!/usr/bin/env node
/**
 * The baseline of `npm run bench:realtime`: a bare Socket.IO relay in one process, with the same socket.io
 * version as the gateway and the same handshake check (an HS256 access token, verified with the shared secret),
 * but no NATS and no storage. It speaks the subset of the socket protocol the benchmark uses: `message:send`
 * acked with a message, `message:new` to every socket of every member. Memberships come from a JSON file the
 * benchmark writes after setting up the real system, so both targets serve the same conversations.
 *
 *   RELAY_PORT=… RELAY_SECRET=… RELAY_CONVERSATIONS=/path/conversations.json node scripts/bench-realtime/relay.mjs
 */
import http from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Server } from 'socket.io';

const port = Number(process.env.RELAY_PORT);
const secret = process.env.RELAY_SECRET ?? '';
/** conversationId -> member user ids */
const members = new Map(Object.entries(JSON.parse(readFileSync(process.env.RELAY_CONVERSATIONS ?? '', 'utf8'))));
const seqs = new Map();

/** The subject of a valid, unexpired HS256 token, or undefined. */
function verify(token) {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
  return claims.sub;
}

const server = http.createServer();
const io = new Server(server, { path: '/socket.io', transports: ['websocket'] });
io.use((socket, next) => {
  const userId = verify(socket.handshake.auth?.token);
  if (!userId) return next(new Error('UNAUTHORIZED'));
  socket.data.userId = userId;
  next();
});
io.on('connection', (socket) => {
  socket.join(`user:${socket.data.userId}`);
  socket.on('message:send', (payload, ack) => {
    if (typeof ack !== 'function') return;
    const userIds = members.get(payload?.conversationId);
    if (!userIds || !userIds.includes(socket.data.userId) || typeof payload.content !== 'string') {
      ack({ ok: false, error: { code: 'NOT_FOUND', message: 'conversation not found' } });
      return;
    }
    const seq = (seqs.get(payload.conversationId) ?? 0) + 1;
    seqs.set(payload.conversationId, seq);
    const message = {
      id: randomUUID(),
      conversationId: payload.conversationId,
      seq,
      senderId: socket.data.userId,
      content: payload.content,
      clientMsgId: payload.clientMsgId ?? null,
      createdAt: new Date().toISOString(),
    };
    ack({ ok: true, data: message });
    io.to(userIds.map((id) => `user:${id}`)).emit('message:new', message);
  });
});
server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening' }));
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
