import { describe, expect, it } from '@jest/globals';
import type { Server } from 'socket.io';
import { type Caller, type PublicUser, SERVER_EVENTS, sessionRoom, type UserDelivery, userRoom } from '#contracts';
import type { GatewayEnv } from '../gateway.env.js';
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { PresenceLeases } from './presence-leases.service.js';
import type { RealtimeSocket } from './socket-caller.js';
import { RealtimeDrain } from './realtime-drain.service.js';
import { SocketRooms } from './socket-rooms.service.js';
import type { UserBroadcastTargets, UserDeliveries } from './user-deliveries.service.js';

const caller: Caller = { userId: 'u1', sessionId: 's1' };
const nextTurn = () => new Promise((r) => setImmediate(r));

/** A server that records the middleware it is given and what is emitted / disconnected per room. */
function fakeServer() {
  const emitted: { rooms: string[]; except?: string; event: string; data: unknown }[] = [];
  const disconnected: string[][] = [];
  let middleware: ((socket: RealtimeSocket, next: (error?: Error) => void) => void) | undefined;
  const server = {
    use: (fn: typeof middleware) => void (middleware = fn),
    to: (to: string | string[]) => {
      const rooms = typeof to === 'string' ? [to] : to;
      return {
        emit: (event: string, data: unknown) => void emitted.push({ rooms, event, data }),
        except: (except: string) => ({ emit: (event: string, data: unknown) => void emitted.push({ rooms, except, event, data }) }),
      };
    },
    in: (rooms: string[]) => ({ disconnectSockets: () => void disconnected.push(rooms) }),
  } as unknown as Server;
  return { server, emitted, disconnected, handshake: (socket: RealtimeSocket, next: (error?: Error) => void) => middleware!(socket, next) };
}

/** A socket that records its rooms, the events it got and whether it was closed. */
function fakeSocket() {
  const rooms = new Set<string>();
  const got: { event: string; data: unknown }[] = [];
  const state = { closed: false };
  const socket = {
    handshake: { auth: { token: 't' }, query: {} },
    conn: { readyState: 'open' },
    data: {},
    join: (names: string[]) => void names.forEach((n) => rooms.add(n)),
    emit: (event: string, data: unknown) => (got.push({ event, data }), true),
    disconnect: () => void (state.closed = true),
  } as unknown as RealtimeSocket;
  return { socket, rooms, got, state };
}

/** A verifier whose session check answers when the test says so. */
function slowVerifier() {
  let answer: (() => void) | undefined;
  const verifier = {
    verify: () => new Promise<Caller>((resolve) => (answer = () => resolve(caller))),
  } as unknown as AccessTokenVerifier;
  return { verifier, answer: () => answer!() };
}

function presenceCounter() {
  const counts = new Map<string, number>();
  const presence = {
    add: (userId: string) => void counts.set(userId, (counts.get(userId) ?? 0) + 1),
    remove: (userId: string) => void counts.set(userId, (counts.get(userId) ?? 0) - 1),
  } as unknown as PresenceLeases;
  return { presence, counts };
}

const env = { RPC_TIMEOUT_MS: 1000 } as GatewayEnv;
/** Delivery subscriptions are NATS's business, not what these tests are about. */
const noDeliveries = { deliverTo: () => undefined, hold: async () => undefined, release: () => undefined } as unknown as UserDeliveries;

/** SocketRooms on a fake server: the per-user broadcast targets it gave UserDeliveries, and what it emitted. */
function attachedTargets(): { targets: UserBroadcastTargets; emitted: ReturnType<typeof fakeServer>['emitted'] } {
  const { server, emitted } = fakeServer();
  let targets: UserBroadcastTargets | undefined;
  const deliveries = { ...noDeliveries, deliverTo: (t: UserBroadcastTargets) => void (targets = t) } as unknown as UserDeliveries;
  new SocketRooms(slowVerifier().verifier, presenceCounter().presence, new RealtimeDrain(env), deliveries, env).attach(server);
  if (!targets) throw new Error('SocketRooms gave UserDeliveries no targets');
  return { targets, emitted };
}

describe('SocketRooms', () => {
  it('joins the user and session rooms and holds presence until the socket goes', () => {
    const { presence, counts } = presenceCounter();
    const rooms = new SocketRooms(slowVerifier().verifier, presence, new RealtimeDrain(env), noDeliveries, env);
    const { socket, rooms: joined } = fakeSocket();
    socket.data.caller = caller;
    rooms.connected(socket);
    expect([...joined]).toEqual([userRoom('u1'), sessionRoom('s1')]);
    expect(counts.get('u1')).toBe(1);
    rooms.disconnected(socket);
    rooms.disconnected(socket);
    expect(counts.get('u1')).toBe(0);
  });

  it('a revocation heard while the handshake waits for its session check refuses that handshake (UNAUTHORIZED)', async () => {
    const { server, handshake } = fakeServer();
    const { verifier, answer } = slowVerifier();
    const rooms = new SocketRooms(verifier, presenceCounter().presence, new RealtimeDrain(env), noDeliveries, env);
    rooms.attach(server);
    const { socket } = fakeSocket();
    const outcome = new Promise<Error | undefined>((resolve) => handshake(socket, resolve));
    // Auth answered "live" just before the logout; its broadcast overtakes that answer.
    rooms.revokeSessions(['s1'], 'logout');
    answer();
    expect((await outcome)?.message).toBe('UNAUTHORIZED');
  });

  it('a socket that joins its rooms after the revocation broadcast still gets session:revoked and is closed', async () => {
    const { server, emitted } = fakeServer();
    const { presence, counts } = presenceCounter();
    const rooms = new SocketRooms(slowVerifier().verifier, presence, new RealtimeDrain(env), noDeliveries, env);
    rooms.attach(server);
    rooms.revokeSessions(['s1'], 'password_changed');
    // The broadcast reached no socket of that session: this one was not in its room yet.
    expect(emitted).toEqual([{ rooms: [sessionRoom('s1')], event: SERVER_EVENTS.sessionRevoked, data: { reason: 'password_changed' } }]);

    const { socket, got, state, rooms: joined } = fakeSocket();
    socket.data.caller = caller;
    rooms.connected(socket);
    expect(got).toEqual([{ event: SERVER_EVENTS.sessionRevoked, data: { reason: 'password_changed' } }]);
    expect(state.closed).toBe(false); // the event goes out first
    await nextTurn();
    expect(state.closed).toBe(true);
    expect(joined.size).toBe(0);
    // It never held presence, so its disconnect gives nothing back.
    rooms.disconnected(socket);
    expect(counts.get('u1')).toBeUndefined();

    // Other sessions are not affected.
    const other = fakeSocket();
    other.socket.data.caller = { userId: 'u1', sessionId: 's2' };
    rooms.connected(other.socket);
    expect(other.got).toEqual([]);
    expect(counts.get('u1')).toBe(1);
  });

  it('a delivery that reached several users here is one emit to the union of their rooms; narrowed ones keep their scope', () => {
    const { targets, emitted } = attachedTargets();
    const data = { callId: 'c1', reason: 'answered_elsewhere' } as const;
    const typing = { conversationId: 'c', userId: 'u9', isTyping: true };
    targets.delivery(['u1', 'u2', 'u3'], { event: SERVER_EVENTS.typing, data: typing });
    targets.delivery(['u1'], { event: SERVER_EVENTS.callEnded, data, exceptSocketId: 'sock1' });
    targets.delivery(['u2'], { event: SERVER_EVENTS.callSignal, data: {}, socketId: 'sock2' } as UserDelivery);
    expect(emitted).toEqual([
      { rooms: [userRoom('u1'), userRoom('u2'), userRoom('u3')], event: SERVER_EVENTS.typing, data: typing },
      { rooms: [userRoom('u1')], except: 'sock1', event: SERVER_EVENTS.callEnded, data },
      { rooms: ['sock2'], event: SERVER_EVENTS.callSignal, data: {} },
    ]);
  });

  it('friend and presence notices go to the sockets of the users they reached here; an unknown friend event is dropped', () => {
    const { targets, emitted } = attachedTargets();
    const user = { id: 'u9', username: 'nine' } as PublicUser;
    const view = { userId: 'u9', onlineStatus: 'online', lastSeenAt: null } as const;
    targets.friend(['u1'], { event: SERVER_EVENTS.friendAccepted, user });
    targets.presence(['u1', 'u2'], view);
    targets.friend(['u1'], { event: 'message:new' as 'friend:request', user });
    expect(emitted).toEqual([
      { rooms: [userRoom('u1')], event: SERVER_EVENTS.friendAccepted, data: { user } },
      { rooms: [userRoom('u1'), userRoom('u2')], event: SERVER_EVENTS.presence, data: view },
    ]);
  });
});
