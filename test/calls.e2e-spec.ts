import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import {
  type CallEnded,
  type CallJoined,
  type CallRef,
  type CallRinging,
  type CallSignal,
  type CallUserChange,
  CLIENT_EVENTS,
  type Conversation,
  type Message,
  type RoomDetail,
  SERVER_EVENTS,
  type SyncPage,
} from '#contracts';
import { closeSockets, connectSocket, emit, type Gateway, nextEvent, ok, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

// Short timers so the suite runs fast; the margins below stay generous for a loaded machine.
const RING_SECONDS = 6;
const GRACE_SECONDS = 3;
const WAIT_MS = 15_000;

/** Resolves with the first `event` on `socket` that matches; rejects after `timeoutMs`. */
const next = <T>(socket: Socket, event: string, match: (data: T) => boolean = () => true, timeoutMs = WAIT_MS) => nextEvent<T>(socket, event, match, timeoutMs);

/** Everything `socket` receives of `event` from now on (to assert that nothing came). */
function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (data: T) => seen.push(data));
  return seen;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const forCall = (callId: string) => (data: { callId: string }) => data.callId === callId;
const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' } as const;

describe('calls: signalling over Socket.IO across two gateway replicas', () => {
  let system: System;
  let second: Gateway;
  let users: TestUser[];

  const as = <T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown) =>
    system.request<T>(method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });

  /** The direct conversation of two users (created by a first message). */
  const directBetween = async (from: TestUser, to: TestUser): Promise<string> => {
    const sent = await as<Message>(from, 'POST', '/api/chat/send', { recipientId: to.user.id, message: 'hi' });
    expect(sent.status).toBe(201);
    return sent.body.conversationId;
  };
  const connect = (user: TestUser, on: 'first' | 'second' = 'first') => connectSocket(on === 'first' ? system.baseUrl : second.baseUrl, user.accessToken);
  const callLog = async (user: TestUser, conversationId: string) => {
    const page = await as<SyncPage>(user, 'GET', `/api/chat/conversations/${conversationId}/events?limit=100`);
    expect(page.status).toBe(200);
    return page.body.items.filter((e) => e.type === 'call.started' || e.type === 'call.ended');
  };

  beforeAll(async () => {
    system = await startSystem({ env: { CALL_RING_SECONDS: String(RING_SECONDS), CALL_DISCONNECT_GRACE_SECONDS: String(GRACE_SECONDS) } });
    second = await system.startGateway();
    users = await Promise.all(Array.from({ length: 9 }, () => registerUser(system)));
    // Five processes start at once; on a loaded machine that alone can take a minute.
  }, 240_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('rings every socket of the callee on both replicas; accepting on one ends it "answered_elsewhere" on the other; signals reach only the addressed socket', async () => {
    const [alice, bob, outsider] = users;
    const conversationId = await directBetween(alice, bob);
    const a = await connect(alice);
    const [b1, b2] = await Promise.all([connect(bob, 'first'), connect(bob, 'second')]);
    const x = await connect(outsider, 'second');
    const ringing = [next<CallRinging>(b1, SERVER_EVENTS.callRinging), next<CallRinging>(b2, SERVER_EVENTS.callRinging)];
    const { callId } = await ok<CallRef>(a, CLIENT_EVENTS.callStart, { conversationId, media: 'video' });
    for (const ring of await Promise.all(ringing)) expect(ring).toEqual({ callId, conversationId, fromUserId: alice.user.id, media: 'video' });

    const elsewhere = next<CallEnded>(b1, SERVER_EVENTS.callEnded, forCall(callId));
    const accepted = next<CallUserChange>(a, SERVER_EVENTS.callAccepted, forCall(callId));
    const joined = next<CallUserChange>(a, SERVER_EVENTS.callParticipantJoined, forCall(callId));
    const endedOnB2 = record<CallEnded>(b2, SERVER_EVENTS.callEnded);
    const answer = await ok<CallJoined>(b2, CLIENT_EVENTS.callAccept, { callId });
    expect(answer.participantIds.sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect(await elsewhere).toEqual({ callId, reason: 'answered_elsewhere' });
    expect(await accepted).toEqual({ callId, userId: bob.user.id });
    expect(await joined).toEqual({ callId, userId: bob.user.id });

    // Signals: only to the socket that answered (b2, on the other replica), and back to alice's.
    const onB1 = record<CallSignal>(b1, SERVER_EVENTS.callSignal);
    const onX = record<CallSignal>(x, SERVER_EVENTS.callSignal);
    const offer = next<CallSignal>(b2, SERVER_EVENTS.callSignal, forCall(callId));
    expect(await emit(a, CLIENT_EVENTS.callSignal, { callId, toUserId: bob.user.id, description: OFFER })).toEqual({ ok: true, data: {} });
    expect(await offer).toEqual({ callId, fromUserId: alice.user.id, description: OFFER });
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const back = next<CallSignal>(a, SERVER_EVENTS.callSignal, forCall(callId));
    await ok(b2, CLIENT_EVENTS.callSignal, { callId, toUserId: alice.user.id, candidate });
    expect(await back).toEqual({ callId, fromUserId: bob.user.id, candidate });

    // Outsiders cannot signal, nobody signals a non-participant, and a signal is size-limited.
    const outsiderSignal = await emit(x, CLIENT_EVENTS.callSignal, { callId, toUserId: bob.user.id, description: OFFER });
    expect(outsiderSignal).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(await emit(a, CLIENT_EVENTS.callSignal, { callId, toUserId: outsider.user.id, description: OFFER })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const huge = { type: 'offer', sdp: 'a'.repeat(20_000) };
    expect(await emit(a, CLIENT_EVENTS.callSignal, { callId, toUserId: bob.user.id, description: huge })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await emit(a, CLIENT_EVENTS.callSignal, { callId, toUserId: bob.user.id, description: OFFER, candidate })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    await pause(500);
    expect(onB1).toEqual([]);
    expect(onX).toEqual([]);
    expect(endedOnB2).toEqual([]);

    // Hang up: both sides hear it, and the sync log has the call with its duration and participants.
    await pause(1100);
    const endedA = next<CallEnded>(a, SERVER_EVENTS.callEnded, forCall(callId));
    const endedB = next<CallEnded>(b2, SERVER_EVENTS.callEnded, forCall(callId));
    await ok(b2, CLIENT_EVENTS.callHangup, { callId });
    expect(await endedA).toEqual({ callId, reason: 'hangup' });
    expect(await endedB).toEqual({ callId, reason: 'hangup' });
    const log = await callLog(alice, conversationId);
    expect(log).toEqual([
      expect.objectContaining({ type: 'call.started', userId: alice.user.id, call: { callId, media: 'video', participantIds: [alice.user.id] } }),
      expect.objectContaining({ type: 'call.ended', call: { callId, media: 'video', participantIds: [alice.user.id, bob.user.id], reason: 'hangup', durationSeconds: expect.any(Number) } }),
    ]);
    expect(log[1].call?.durationSeconds).toBeGreaterThanOrEqual(1);
    expect(log[1].seq).toBeGreaterThan(log[0].seq);
  });

  it('a declined call ends "declined" for everyone; an unanswered one ends "missed" after the ring timeout and counts as unread', async () => {
    const [alice, , , carol] = users;
    const conversationId = await directBetween(alice, carol);
    const a = await connect(alice);
    const c = await connect(carol, 'second');

    const ring = next<CallRinging>(c, SERVER_EVENTS.callRinging);
    const declined = await ok<CallRef>(a, CLIENT_EVENTS.callStart, { conversationId, media: 'audio' });
    await ring;
    const endedA = next<CallEnded>(a, SERVER_EVENTS.callEnded, forCall(declined.callId));
    await ok(c, CLIENT_EVENTS.callDecline, { callId: declined.callId });
    expect(await endedA).toEqual({ callId: declined.callId, reason: 'declined' });

    const before = (await as<Conversation>(carol, 'GET', `/api/chat/conversations/${conversationId}`)).body.unreadCount;
    const missedAt = Date.now();
    const missed = await ok<CallRef>(a, CLIENT_EVENTS.callStart, { conversationId, media: 'audio' });
    const [onA, onC] = await Promise.all([
      next<CallEnded>(a, SERVER_EVENTS.callEnded, forCall(missed.callId), RING_SECONDS * 1000 + WAIT_MS),
      next<CallEnded>(c, SERVER_EVENTS.callEnded, forCall(missed.callId), RING_SECONDS * 1000 + WAIT_MS),
    ]);
    expect(Date.now() - missedAt).toBeGreaterThanOrEqual(RING_SECONDS * 1000 - 200);
    expect([onA.reason, onC.reason]).toEqual(['missed', 'missed']);
    const after = await as<Conversation>(carol, 'GET', `/api/chat/conversations/${conversationId}`);
    expect(after.body.unreadCount).toBe(before + 1);
    // The caller has nothing new to read: the missed call is theirs.
    const callerView = await as<Conversation>(alice, 'GET', `/api/chat/conversations/${conversationId}`);
    expect(callerView.body.unreadCount).toBe(0);
    const reasons = (await callLog(carol, conversationId)).filter((e) => e.type === 'call.ended').map((e) => [e.call?.callId, e.call?.reason, e.call?.durationSeconds]);
    expect(reasons).toEqual([
      [declined.callId, 'declined', 0],
      [missed.callId, 'missed', 0],
    ]);
  });

  it('a callee already in a call is busy; both calling each other at once is one call; a block is 403 BLOCKED', async () => {
    const [, , , , dave, erin, frank] = users;
    const [d, e, f] = await Promise.all([connect(dave), connect(erin, 'second'), connect(frank)]);

    // Glare: both press "call" at once.
    const de = await directBetween(dave, erin);
    const [fromDave, fromErin] = await Promise.all([
      ok<CallRef>(d, CLIENT_EVENTS.callStart, { conversationId: de, media: 'video' }),
      ok<CallRef>(e, CLIENT_EVENTS.callStart, { conversationId: de, media: 'video' }),
    ]);
    expect(fromDave.callId).toBe(fromErin.callId);
    const started = (await callLog(dave, de)).filter((ev) => ev.type === 'call.started');
    expect(started).toHaveLength(1);

    // Erin is now in a call with Dave: Frank's call to her ends "busy" and does not ring her.
    const fe = await directBetween(frank, erin);
    const ringsErin = record<CallRinging>(e, SERVER_EVENTS.callRinging);
    // The end may overtake the ack: listen first.
    const busyEnd = next<CallEnded>(f, SERVER_EVENTS.callEnded);
    const busyCall = await ok<CallRef>(f, CLIENT_EVENTS.callStart, { conversationId: fe, media: 'audio' });
    expect(await busyEnd).toEqual({ callId: busyCall.callId, reason: 'busy' });
    await pause(500);
    expect(ringsErin).toEqual([]);
    await ok(d, CLIENT_EVENTS.callHangup, { callId: fromDave.callId });

    // A block either way: no call.
    const blocked = await as(erin, 'POST', '/api/users/blocks', { userId: frank.user.id });
    expect(blocked.status).toBe(204);
    expect(await emit(f, CLIENT_EVENTS.callStart, { conversationId: fe, media: 'audio' })).toMatchObject({ ok: false, error: { code: 'BLOCKED' } });
  });

  it('a participant whose sockets all disconnect leaves after the grace period; coming back within it keeps the call', async () => {
    const [alice, bob] = users;
    const conversationId = await directBetween(alice, bob);
    const a = await connect(alice);
    let b = await connect(bob, 'second');
    const ring = next<CallRinging>(b, SERVER_EVENTS.callRinging);
    const { callId } = await ok<CallRef>(a, CLIENT_EVENTS.callStart, { conversationId, media: 'audio' });
    await ring;
    await ok(b, CLIENT_EVENTS.callAccept, { callId });

    // Back within the grace period on a new socket, answering again: the call goes on.
    const endedEarly = record<CallEnded>(a, SERVER_EVENTS.callEnded);
    b.disconnect();
    b = await connect(bob, 'first');
    expect(await ok<CallJoined>(b, CLIENT_EVENTS.callAccept, { callId })).toMatchObject({ callId });
    await pause(GRACE_SECONDS * 1000 + 2000);
    expect(endedEarly).toEqual([]);

    // Gone for good: after the grace period the call ends for the one left.
    const goneAt = Date.now();
    const ended = next<CallEnded>(a, SERVER_EVENTS.callEnded, forCall(callId), GRACE_SECONDS * 1000 + WAIT_MS);
    b.disconnect();
    expect(await ended).toEqual({ callId, reason: 'failed' });
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 200);
  });

  it('a group call in a room: every member rings, the mesh grows with each answer, a member outside the call cannot signal', async () => {
    const [owner, m1, m2, m3] = await Promise.all(Array.from({ length: 4 }, () => registerUser(system)));
    const room = await as<RoomDetail>(owner, 'POST', '/api/chat/rooms', { name: 'standup', memberIds: [m1.user.id, m2.user.id, m3.user.id] });
    expect(room.status).toBe(201);
    const [o, s1, s2, s3] = await Promise.all([connect(owner), connect(m1, 'second'), connect(m2), connect(m3, 'second')]);
    const rings = [s1, s2, s3].map((s) => next<CallRinging>(s, SERVER_EVENTS.callRinging));
    const { callId } = await ok<CallRef>(o, CLIENT_EVENTS.callStart, { conversationId: room.body.id, media: 'video' });
    await Promise.all(rings);

    await ok(s1, CLIENT_EVENTS.callAccept, { callId });
    const joinedOnOwner = next<CallUserChange>(o, SERVER_EVENTS.callParticipantJoined, (x) => x.callId === callId && x.userId === m2.user.id);
    const joinedOnM1 = next<CallUserChange>(s1, SERVER_EVENTS.callParticipantJoined, (x) => x.callId === callId && x.userId === m2.user.id);
    const third = await ok<CallJoined>(s2, CLIENT_EVENTS.callAccept, { callId });
    expect(third.participantIds.sort()).toEqual([owner.user.id, m1.user.id, m2.user.id].sort());
    await Promise.all([joinedOnOwner, joinedOnM1]);

    // m3 is a member but not in the call.
    expect(await emit(s3, CLIENT_EVENTS.callSignal, { callId, toUserId: owner.user.id, description: OFFER })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // One leaves: the others hear it and the call goes on; then the last two leave and it ends.
    const left = next<CallUserChange>(o, SERVER_EVENTS.callParticipantLeft, forCall(callId));
    await ok(s1, CLIENT_EVENTS.callHangup, { callId });
    expect(await left).toEqual({ callId, userId: m1.user.id });
    const ended = next<CallEnded>(s3, SERVER_EVENTS.callEnded, forCall(callId));
    await ok(s2, CLIENT_EVENTS.callHangup, { callId });
    expect(await ended).toEqual({ callId, reason: 'hangup' });
    const log = await callLog(owner, room.body.id);
    expect(log.at(-1)?.call).toMatchObject({ callId, reason: 'hangup', participantIds: [owner.user.id, m1.user.id, m2.user.id] });
  });

  it('GET /api/calls/ice-servers answers the configured servers (none here) and needs a token', async () => {
    const [alice] = users;
    expect(await as(alice, 'GET', '/api/calls/ice-servers')).toMatchObject({ status: 200, body: { iceServers: [], expiresAt: null } });
    expect((await system.request('GET', '/api/calls/ice-servers')).status).toBe(401);
  });
});
