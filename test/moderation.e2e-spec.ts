import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ANNOUNCEMENTS_CONVERSATION_ID,
  CLIENT_EVENTS,
  type ConversationPage,
  type Message,
  type MessagePage,
  type AuditPage,
  type Report,
  type ReportPage,
  type ReportReceipt,
  type RoomDetail,
  type RoomMute,
  SERVER_EVENTS,
  type SyncBatch,
  type SyncPage,
} from '#contracts';
import {
  closeSockets,
  connectSocket,
  counterValue,
  emit,
  type Gateway,
  nextEvent,
  ok,
  registerUser,
  startSystem,
  type System,
  type TestUser,
  uniqueUsername,
} from './harness/index.js';

/** Chat deliveries a gateway replica heard on NATS (its internal /metrics): per-user routing, ADR 0012. */
const deliveriesHeard = (internalUrl: string) => counterValue(internalUrl, 'gateway_user_deliveries_received_total');

const code = (body: unknown) => (body as { code?: string }).code;

describe('moderation: messages, reports, rooms, announcements (issue 14)', () => {
  let system: System;
  let replica: Gateway;
  const adminName = uniqueUsername('boss');
  let admin: TestUser;
  let mod: TestUser;
  let modToken: string;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const send = async (from: TestUser, to: TestUser, text: string) =>
    (await system.request<Message>('POST', '/api/chat/send', { token: from.accessToken, body: { recipientId: to.user.id, message: text } })).body;

  beforeAll(async () => {
    system = await startSystem({ env: { ADMIN_USERNAMES: adminName } });
    replica = await system.startGateway();
    [admin, mod, alice, bob, carol] = await Promise.all([
      registerUser(system, { username: adminName }),
      registerUser(system),
      registerUser(system),
      registerUser(system),
      registerUser(system),
    ]);
    expect((await system.request('PUT', `/api/admin/users/${mod.user.id}/role`, { token: admin.accessToken, body: { role: 'moderator' } })).status).toBe(200);
    modToken = (await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: mod.username, password: mod.password } })).body.accessToken;
  }, 90_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('a moderator deletes any message like a sender’s delete; a plain user cannot', async () => {
    const message = await send(alice, bob, 'rude words');
    const bobSocket = await connectSocket(replica.baseUrl, bob.accessToken);
    const deletedLive = nextEvent<{ id: string }>(bobSocket, SERVER_EVENTS.messageDeleted, (d) => d.id === message.id);
    const byUser = await system.request('DELETE', `/api/admin/messages/${message.id}`, { token: carol.accessToken, body: { reason: 'x' } });
    expect([byUser.status, code(byUser.body)]).toEqual([403, 'FORBIDDEN']);
    expect((await system.request('DELETE', `/api/admin/messages/${message.id}`, { token: modToken, body: { reason: 'insults' } })).status).toBe(204);
    expect(await deletedLive).toMatchObject({ id: message.id, conversationId: message.conversationId });
    const history = await system.request<MessagePage>('GET', `/api/chat/messages?with=${alice.user.id}`, { token: bob.accessToken });
    expect(history.body.items.find((m) => m.id === message.id)).toMatchObject({ content: '', deletedAt: expect.any(String) });
    const log = await system.request<SyncPage>('GET', `/api/chat/conversations/${message.conversationId}/events`, { token: bob.accessToken });
    expect(log.body.items.at(-1)).toMatchObject({ type: 'message.deleted', userId: mod.user.id });
    expect((await system.request('DELETE', '/api/admin/messages/unknown-id', { token: modToken, body: { reason: 'x' } })).status).toBe(404);
  });

  it('reports flow to resolution with the action carried out; one open report per reporter and target', async () => {
    const spam = await send(alice, bob, 'buy cheap watches');
    const first = await system.request<ReportReceipt>('POST', '/api/reports', { token: bob.accessToken, body: { messageId: spam.id, reason: 'spam' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), status: 'open' });
    const again = await system.request<ReportReceipt>('POST', '/api/reports', { token: bob.accessToken, body: { messageId: spam.id, reason: 'abuse', note: 'still' } });
    expect(again.body.id).toBe(first.body.id);
    // A message the reporter cannot see is unknown to them; both or neither target is a validation error.
    expect((await system.request('POST', '/api/reports', { token: carol.accessToken, body: { messageId: spam.id, reason: 'spam' } })).status).toBe(403);
    expect((await system.request('POST', '/api/reports', { token: bob.accessToken, body: { reason: 'spam' } })).status).toBe(400);
    expect((await system.request('POST', '/api/reports', { token: bob.accessToken, body: { userId: '00000000-0000-4000-8000-000000000000', reason: 'spam' } })).status).toBe(404);

    const open = await system.request<ReportPage>('GET', '/api/admin/reports?status=open', { token: modToken });
    expect(open.body.items).toContainEqual(
      expect.objectContaining({ id: first.body.id, reporter: bob.user.id, target: { type: 'message', id: spam.id }, reason: 'spam', status: 'open', resolvedBy: null }),
    );
    expect((await system.request('GET', '/api/admin/reports', { token: bob.accessToken })).status).toBe(403);

    const resolved = await system.request<Report>('POST', `/api/admin/reports/${first.body.id}/resolve`, { token: modToken, body: { resolution: 'message_deleted', note: 'clear spam' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'message_deleted', resolvedBy: mod.user.id });
    const history = await system.request<MessagePage>('GET', `/api/chat/messages?with=${alice.user.id}`, { token: bob.accessToken });
    expect(history.body.items.find((m) => m.id === spam.id)?.deletedAt).toEqual(expect.any(String));
    const twice = await system.request('POST', `/api/admin/reports/${first.body.id}/resolve`, { token: modToken, body: { resolution: 'dismissed' } });
    expect([twice.status, code(twice.body)]).toEqual([409, 'CONFLICT']);

    // A report of a user, resolved by disabling them.
    const ofUser = await system.request<ReportReceipt>('POST', '/api/reports', { token: bob.accessToken, body: { userId: carol.user.id, reason: 'abuse' } });
    const disabled = await system.request<Report>('POST', `/api/admin/reports/${ofUser.body.id}/resolve`, { token: modToken, body: { resolution: 'user_disabled' } });
    expect(disabled.body).toMatchObject({ resolution: 'user_disabled', status: 'resolved' });
    const login = await system.request('POST', '/api/auth/login', { body: { login: carol.username, password: carol.password } });
    expect([login.status, code(login.body)]).toEqual([403, 'ACCOUNT_DISABLED']);
    expect((await system.request('POST', `/api/admin/users/${carol.user.id}/enable`, { token: modToken })).status).toBe(204);
    carol.accessToken = (await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: carol.username, password: carol.password } })).body.accessToken;

    // A report resolved as dismissed changes nothing else; message_deleted on a user report is refused.
    const other = await system.request<ReportReceipt>('POST', '/api/reports', { token: alice.accessToken, body: { userId: bob.user.id, reason: 'other' } });
    const wrong = await system.request('POST', `/api/admin/reports/${other.body.id}/resolve`, { token: modToken, body: { resolution: 'message_deleted' } });
    expect(wrong.status).toBe(400);
    const dismissed = await system.request<Report>('POST', `/api/admin/reports/${other.body.id}/resolve`, { token: modToken, body: { resolution: 'dismissed' } });
    expect(dismissed.body.resolution).toBe('dismissed');
    expect((await system.request('GET', '/api/users/profile', { token: bob.accessToken })).status).toBe(200);
  });

  it('room mute refuses posting with 403 MUTED until then; ban removes and keeps out; members are told', async () => {
    const room = await system.request<RoomDetail>('POST', '/api/chat/rooms', {
      token: alice.accessToken,
      body: { name: 'moderated', memberIds: [bob.user.id, carol.user.id] },
    });
    const roomId = room.body.id;
    const carolSocket = await connectSocket(system.baseUrl, carol.accessToken);
    const bobSocket = await connectSocket(replica.baseUrl, bob.accessToken);

    const byMember = await system.request('POST', `/api/chat/rooms/${roomId}/members/${carol.user.id}/mute`, { token: bob.accessToken, body: { durationSeconds: 60 } });
    expect([byMember.status, code(byMember.body)]).toEqual([403, 'FORBIDDEN']);

    const mutedLive = nextEvent<RoomMute>(carolSocket, SERVER_EVENTS.roomMemberMuted, (m) => m.userId === bob.user.id);
    const muted = await system.request<RoomMute>('POST', `/api/chat/rooms/${roomId}/members/${bob.user.id}/mute`, {
      token: alice.accessToken,
      body: { durationSeconds: 2, reason: 'calm down' },
    });
    expect(muted.status).toBe(200);
    expect(muted.body).toEqual({ roomId, userId: bob.user.id, until: expect.any(String) });
    expect(await mutedLive).toEqual(muted.body);
    const refused = await system.request<{ code: string; detail: string }>('POST', `/api/chat/rooms/${roomId}/messages`, { token: bob.accessToken, body: { message: 'hey' } });
    expect([refused.status, refused.body.code, refused.body.detail]).toEqual([403, 'MUTED', expect.stringContaining(muted.body.until)]);
    const overSocket = await emit<Message>(bobSocket, CLIENT_EVENTS.messageSend, { conversationId: roomId, content: 'hey', clientMsgId: 'muted-1' });
    expect(overSocket).toMatchObject({ ok: false, error: { code: 'MUTED', details: { until: muted.body.until } } });
    expect((await system.request('POST', `/api/chat/rooms/${roomId}/messages`, { token: carol.accessToken, body: { message: 'I can talk' } })).status).toBe(201);
    // The mute ends by itself.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(muted.body.until) - Date.now()) + 200));
    expect((await system.request('POST', `/api/chat/rooms/${roomId}/messages`, { token: bob.accessToken, body: { message: 'back' } })).status).toBe(201);

    const bannedLive = nextEvent<{ userId: string }>(carolSocket, SERVER_EVENTS.roomMemberBanned);
    const bannedToBob = nextEvent<{ userId: string }>(bobSocket, SERVER_EVENTS.roomMemberBanned);
    expect((await system.request('POST', `/api/chat/rooms/${roomId}/members/${bob.user.id}/ban`, { token: alice.accessToken, body: { reason: 'again' } })).status).toBe(204);
    expect(await bannedLive).toEqual({ roomId, userId: bob.user.id });
    expect(await bannedToBob).toEqual({ roomId, userId: bob.user.id });
    const detail = await system.request<RoomDetail>('GET', `/api/chat/rooms/${roomId}`, { token: alice.accessToken });
    expect(detail.body.members.map((m) => m.user.id)).not.toContain(bob.user.id);
    const rejoin = await system.request('POST', `/api/chat/rooms/${roomId}/join`, { token: bob.accessToken });
    expect([rejoin.status, code(rejoin.body)]).toEqual([403, 'BANNED']);
    const readd = await system.request('POST', `/api/chat/rooms/${roomId}/members`, { token: alice.accessToken, body: { userId: bob.user.id } });
    expect([readd.status, code(readd.body)]).toEqual([403, 'BANNED']);
    expect((await system.request('POST', `/api/chat/rooms/${roomId}/messages`, { token: bob.accessToken, body: { message: 'let me in' } })).status).toBe(403);
  });

  it('an announcement reaches users on two replicas live as one broadcast, and is in the history, the sync log and every conversation list', async () => {
    const onA = await connectSocket(system.baseUrl, alice.accessToken);
    const onB = await connectSocket(replica.baseUrl, carol.accessToken);
    const heardBefore = await deliveriesHeard(replica.internalUrl);
    const isIt = (m: Message) => m.content === 'Maintenance at 22:00 UTC';
    const liveA = nextEvent<Message>(onA, SERVER_EVENTS.messageNew, isIt);
    const liveB = nextEvent<Message>(onB, SERVER_EVENTS.messageNew, isIt);

    const byMod = await system.request('POST', '/api/admin/announcements', { token: modToken, body: { message: 'no' } });
    expect([byMod.status, code(byMod.body)]).toEqual([403, 'FORBIDDEN']);
    const posted = await system.request<Message>('POST', '/api/admin/announcements', { token: admin.accessToken, body: { message: 'Maintenance at 22:00 UTC' } });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: 'announcement', conversationId: ANNOUNCEMENTS_CONVERSATION_ID, senderId: admin.user.id, seq: expect.any(Number) });
    expect(await liveA).toEqual(posted.body);
    expect(await liveB).toEqual(posted.body);
    // Not a per-user delivery: replica B heard no chat.deliver.user.* message for it.
    expect(await deliveriesHeard(replica.internalUrl)).toBe(heardBefore);

    const history = await system.request<MessagePage>('GET', '/api/chat/announcements', { token: bob.accessToken });
    expect(history.body.items[0]).toEqual(posted.body);
    const sync = await ok<SyncBatch>(onB, CLIENT_EVENTS.sync, { conversations: { [ANNOUNCEMENTS_CONVERSATION_ID]: posted.body.seq - 1 } });
    expect(sync.events).toEqual([expect.objectContaining({ type: 'message.created', seq: posted.body.seq, message: expect.objectContaining({ id: posted.body.id, kind: 'announcement' }) })]);

    const list = await system.request<ConversationPage>('GET', '/api/chat/conversations', { token: carol.accessToken });
    expect(list.body.items[0]).toMatchObject({ id: ANNOUNCEMENTS_CONVERSATION_ID, type: 'announcements', unreadCount: 1, lastSeq: posted.body.seq, lastMessage: { id: posted.body.id } });
    const read = await ok<{ lastReadSeq: number }>(onB, CLIENT_EVENTS.conversationRead, { conversationId: ANNOUNCEMENTS_CONVERSATION_ID, seq: posted.body.seq });
    expect(read.lastReadSeq).toBe(posted.body.seq);
    const after = await system.request<ConversationPage>('GET', '/api/chat/conversations', { token: carol.accessToken });
    expect(after.body.items[0]).toMatchObject({ id: ANNOUNCEMENTS_CONVERSATION_ID, unreadCount: 0, lastReadSeq: posted.body.seq });
    // Another user's count is their own.
    const bobs = await system.request<ConversationPage>('GET', '/api/chat/conversations', { token: bob.accessToken });
    expect(bobs.body.items[0]).toMatchObject({ id: ANNOUNCEMENTS_CONVERSATION_ID, unreadCount: 1 });
    // Nobody posts to it through the ordinary routes, not even an admin.
    const direct = await system.request('POST', `/api/chat/conversations/${ANNOUNCEMENTS_CONVERSATION_ID}/messages`, { token: admin.accessToken, body: { message: 'sneaky' } });
    expect([direct.status, code(direct.body)]).toEqual([403, 'FORBIDDEN']);
  });

  it('a deleted announcement reaches users on two replicas live as one broadcast, and is deleted in the history', async () => {
    const posted = await system.request<Message>('POST', '/api/admin/announcements', { token: admin.accessToken, body: { message: 'Wrong date, sorry' } });
    expect(posted.status).toBe(201);
    const onA = await connectSocket(system.baseUrl, bob.accessToken);
    const onB = await connectSocket(replica.baseUrl, carol.accessToken);
    const heardBefore = await deliveriesHeard(replica.internalUrl);
    const isIt = (d: { id: string }) => d.id === posted.body.id;
    const liveA = nextEvent<{ id: string }>(onA, SERVER_EVENTS.messageDeleted, isIt);
    const liveB = nextEvent<{ id: string }>(onB, SERVER_EVENTS.messageDeleted, isIt);

    expect((await system.request('DELETE', `/api/admin/messages/${posted.body.id}`, { token: modToken, body: { reason: 'typo' } })).status).toBe(204);
    const deleted = { id: posted.body.id, conversationId: ANNOUNCEMENTS_CONVERSATION_ID, seq: posted.body.seq };
    expect(await liveA).toEqual(deleted);
    expect(await liveB).toEqual(deleted);
    expect(await deliveriesHeard(replica.internalUrl)).toBe(heardBefore);
    const history = await system.request<MessagePage>('GET', '/api/chat/announcements', { token: bob.accessToken });
    expect(history.body.items.find((m) => m.id === posted.body.id)).toMatchObject({ content: '', deletedAt: expect.any(String) });
  });

  it('the audit log holds each moderation action', async () => {
    const audit = await system.request<AuditPage>('GET', '/api/admin/audit?limit=100', { token: admin.accessToken });
    const actions = new Set(audit.body.items.map((e) => e.action));
    for (const action of ['role.changed', 'message.deleted', 'report.resolved', 'account.disabled', 'account.enabled', 'room.member.muted', 'room.member.banned', 'announcement.posted']) {
      expect([action, actions.has(action as never)]).toEqual([action, true]);
    }
    expect(audit.body.items).toContainEqual(expect.objectContaining({ actor: mod.user.id, action: 'message.deleted', reason: 'insults' }));
    expect(audit.body.items).toContainEqual(expect.objectContaining({ actor: alice.user.id, action: 'room.member.banned', target: { type: 'user', id: bob.user.id } }));
    expect(audit.body.items).toContainEqual(expect.objectContaining({ actor: admin.user.id, action: 'announcement.posted' }));
  });
});
