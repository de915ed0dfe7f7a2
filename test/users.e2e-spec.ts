import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  type AccountEventPayload,
  eventStreamName,
  type FriendPage,
  type FriendRequests,
  type PrivateProfile,
  type PublicUser,
  type PublicUserPage,
  USERS_ACCOUNT_EVENTS_DURABLE,
} from '#contracts';
import { registerUser, startSystem, type System, type TestUser, uniqueUsername } from './harness/index.js';

interface ProblemBody {
  code: string;
  errors?: { field: string }[];
}

/** Retries `probe` until it returns true: the users service learns about new accounts from events. */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('users through the gateway', () => {
  let system: System;

  const get = <T>(user: TestUser, path: string) => system.request<T>('GET', path, { token: user.accessToken });
  const send = <T>(method: string, user: TestUser, path: string, body?: unknown) =>
    system.request<T>(method, path, { token: user.accessToken, body });

  const searchAll = async (user: TestUser, search: string, limit: number): Promise<PublicUser[]> => {
    const items: PublicUser[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `search=${encodeURIComponent(search)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get<PublicUserPage>(user, `/api/users?${query}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };

  const searchIds = async (user: TestUser, search: string) => (await searchAll(user, search, 100)).map((u) => u.id);

  beforeAll(async () => {
    // Chat is there only as the other service that asks users for profiles (profilesByIds).
    system = await startSystem({ services: ['auth', 'users', 'chat'] });
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  describe('profile', () => {
    it('returns the private profile right after registration', async () => {
      const user = await registerUser(system);
      const res = await get<PrivateProfile>(user, '/api/users/profile');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: user.user.id,
        username: user.username,
        displayName: user.username,
        avatarUrl: null,
        bio: '',
        onlineStatus: 'offline',
        lastSeenAt: null,
        email: user.email,
        isEmailVerified: false,
        role: 'user',
        createdAt: user.user.createdAt,
        lastLoginAt: expect.any(String),
        friendCount: 0,
      });
      expect((await system.request('GET', '/api/users/profile')).status).toBe(401);
    });

    it('updates displayName, bio and avatarUrl, and clears the avatar with null', async () => {
      const user = await registerUser(system);
      const res = await send<PrivateProfile>('PUT', user, '/api/users/profile', {
        displayName: 'Zoë Example',
        bio: 'hello there',
        avatarUrl: 'https://cdn.example.com/a.png',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ displayName: 'Zoë Example', bio: 'hello there', avatarUrl: 'https://cdn.example.com/a.png' });
      const publicView = await get<PublicUser>(user, `/api/users/${user.user.id}`);
      expect(publicView.body).toMatchObject({ displayName: 'Zoë Example', bio: 'hello there' });

      const cleared = await send<PrivateProfile>('PUT', user, '/api/users/profile', { avatarUrl: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ avatarUrl: null, displayName: 'Zoë Example', bio: 'hello there' });
    });

    it('rejects out-of-range fields, non-http URLs and unknown fields, changing nothing', async () => {
      const user = await registerUser(system);
      const cases: [Record<string, unknown>, string][] = [
        [{ displayName: '' }, 'displayName'],
        [{ displayName: 'x'.repeat(65) }, 'displayName'],
        [{ displayName: null }, 'displayName'],
        [{ bio: 'x'.repeat(501) }, 'bio'],
        [{ avatarUrl: 'ftp://example.com/a.png' }, 'avatarUrl'],
        [{ avatarUrl: `https://example.com/${'a'.repeat(2048)}` }, 'avatarUrl'],
        [{ username: 'no spaces allowed' }, 'username'],
        [{ email: 'nope' }, 'email'],
        [{ bio: 'ok', isAdmin: true }, 'isAdmin'],
      ];
      for (const [body, field] of cases) {
        const res = await send<ProblemBody>('PUT', user, '/api/users/profile', body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors?.map((e) => e.field)).toContain(field);
      }
      const after = await get<PrivateProfile>(user, '/api/users/profile');
      expect(after.body).toMatchObject({ bio: '', displayName: user.username, username: user.username });
    });

    it('renames: the new username logs in at once, the old one is free, a taken one is 409 and changes nothing', async () => {
      const user = await registerUser(system);
      const other = await registerUser(system);
      const newName = uniqueUsername('renamed');
      const res = await send<PrivateProfile>('PUT', user, '/api/users/profile', { username: newName, displayName: 'New Me' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.user.id, username: newName, displayName: 'New Me' });

      const login = await system.request('POST', '/api/auth/login', { body: { username: newName, password: user.password } });
      expect(login.status).toBe(200);
      const oldLogin = await system.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } });
      expect(oldLogin.status).toBe(401);
      const reuse = await system.request('POST', '/api/auth/register', {
        body: { username: user.username, email: `${randomBytes(4).toString('hex')}@example.com`, password: 'password123' },
      });
      expect(reuse.status).toBe(201);

      const taken = await send<ProblemBody>('PUT', user, '/api/users/profile', { username: other.username.toUpperCase(), bio: 'not saved' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('USERNAME_TAKEN');
      const takenEmail = await send<ProblemBody>('PUT', user, '/api/users/profile', { email: other.email, bio: 'not saved' });
      expect(takenEmail.status).toBe(409);
      expect(takenEmail.body.code).toBe('EMAIL_TAKEN');
      const after = await get<PrivateProfile>(user, '/api/users/profile');
      expect(after.body).toMatchObject({ username: newName, email: user.email, bio: '' });

      // The read copy follows too: other users find the new name, not the old one.
      await eventually(async () => (await searchIds(other, newName)).includes(user.user.id), 'the renamed user in search');

      const newEmail = `${randomBytes(6).toString('hex')}@example.com`;
      const emailChange = await send<PrivateProfile>('PUT', user, '/api/users/profile', { email: newEmail });
      expect(emailChange.status).toBe(200);
      expect(emailChange.body.email).toBe(newEmail);
      expect((await system.request('POST', '/api/auth/login', { body: { email: newEmail, password: user.password } })).status).toBe(200);
    });
  });

  describe('public profiles and search', () => {
    it('shows a public profile with exactly the public fields; unknown is 404, a malformed id too (API.md)', async () => {
      const [a, b] = [await registerUser(system), await registerUser(system)];
      const res = await get<PublicUser>(a, `/api/users/${b.user.id}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['avatarUrl', 'bio', 'displayName', 'id', 'lastSeenAt', 'onlineStatus', 'username']);
      expect(res.body).toMatchObject({ id: b.user.id, username: b.username });
      expect((await get<ProblemBody>(a, `/api/users/${randomUUID()}`)).status).toBe(404);
      expect((await get<ProblemBody>(a, '/api/users/not-a-uuid')).status).toBe(404);
    });

    it('finds users by username or display-name prefix, any case, in stable order across pages', async () => {
      const tag = `q${randomBytes(3).toString('hex')}`;
      const users: TestUser[] = [];
      for (let i = 0; i < 7; i++) users.push(await registerUser(system, { username: `${tag}_${i}_${randomBytes(2).toString('hex')}` }));
      // One more whose username does not match but whose display name does.
      const byDisplay = await registerUser(system);
      expect((await send('PUT', byDisplay, '/api/users/profile', { displayName: `${tag.toUpperCase()} Display` })).status).toBe(200);
      const outsider = await registerUser(system);
      const expected = [...users.map((u) => u.user.id), byDisplay.user.id];

      await eventually(async () => (await searchIds(outsider, tag)).length === expected.length, 'all tagged users in search');
      const full = await searchAll(outsider, tag.toUpperCase(), 100);
      expect(full.map((u) => u.id).sort()).toEqual([...expected].sort());
      for (const limit of [1, 2, 3]) {
        const paged = await searchAll(outsider, tag, limit);
        expect(paged.map((u) => u.id)).toEqual(full.map((u) => u.id));
      }
      const names = full.map((u) => u.username.toLowerCase());
      expect(names).toEqual([...names].sort());
      expect(await searchIds(outsider, `${tag}_3`)).toEqual([users[3].user.id]);
    });

    it('rejects a malformed cursor and an out-of-range limit', async () => {
      const user = await registerUser(system);
      expect((await get<ProblemBody>(user, '/api/users?search=a&cursor=%%%')).status).toBe(400);
      expect((await get<ProblemBody>(user, '/api/users?limit=101')).status).toBe(400);
      expect((await get<ProblemBody>(user, '/api/users?limit=0')).status).toBe(400);
    });
  });

  describe('friends', () => {
    it('request, list, accept: both sides see the friendship and the count', async () => {
      const [a, b] = [await registerUser(system), await registerUser(system)];
      const sent = await send('POST', a, '/api/users/friends', { friendId: b.user.id });
      expect(sent.status).toBe(201);
      expect(sent.body).toEqual({ status: 'pending' });
      // Asking again while pending changes nothing.
      expect((await send('POST', a, '/api/users/friends', { friendId: b.user.id })).body).toEqual({ status: 'pending' });

      const bRequests = await get<FriendRequests>(b, '/api/users/friends/requests');
      expect(bRequests.body.incoming.map((r) => r.user.id)).toEqual([a.user.id]);
      expect(bRequests.body.outgoing).toEqual([]);
      expect((await get<FriendRequests>(a, '/api/users/friends/requests')).body.outgoing.map((r) => r.user.id)).toEqual([b.user.id]);

      const accepted = await send('POST', b, `/api/users/friends/requests/${a.user.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ status: 'accepted' });

      for (const [me, friend] of [
        [a, b],
        [b, a],
      ] as const) {
        const list = await get<FriendPage>(me, '/api/users/friends');
        expect(list.body.items.map((f) => f.id)).toEqual([friend.user.id]);
        expect(typeof list.body.items[0]?.since).toBe('string');
        expect((await get<PrivateProfile>(me, '/api/users/profile')).body.friendCount).toBe(1);
        const requests = await get<FriendRequests>(me, '/api/users/friends/requests');
        expect(requests.body).toEqual({ incoming: [], outgoing: [] });
      }
      const again = await send<ProblemBody>('POST', a, '/api/users/friends', { friendId: b.user.id });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALREADY_FRIENDS');
    });

    it('turns two crossing requests into a friendship', async () => {
      const [c, d] = [await registerUser(system), await registerUser(system)];
      expect((await send('POST', c, '/api/users/friends', { friendId: d.user.id })).body).toEqual({ status: 'pending' });
      const crossing = await send('POST', d, '/api/users/friends', { friendId: c.user.id });
      expect(crossing.status).toBe(201);
      expect(crossing.body).toEqual({ status: 'accepted' });
      expect((await get<FriendPage>(c, '/api/users/friends')).body.items.map((f) => f.id)).toEqual([d.user.id]);
    });

    it('ends with one friendship when both send their request at the same moment', async () => {
      const [e, f] = [await registerUser(system), await registerUser(system)];
      await Promise.all([
        send('POST', e, '/api/users/friends', { friendId: f.user.id }),
        send('POST', f, '/api/users/friends', { friendId: e.user.id }),
      ]);
      expect((await get<FriendPage>(e, '/api/users/friends')).body.items.map((x) => x.id)).toEqual([f.user.id]);
      expect((await get<FriendPage>(f, '/api/users/friends')).body.items.map((x) => x.id)).toEqual([e.user.id]);
      expect((await get<FriendRequests>(e, '/api/users/friends/requests')).body).toEqual({ incoming: [], outgoing: [] });
    });

    it('decline, cancel (body form) and remove (path form)', async () => {
      const [a, b] = [await registerUser(system), await registerUser(system)];
      await send('POST', a, '/api/users/friends', { friendId: b.user.id });
      expect((await send('POST', b, `/api/users/friends/requests/${a.user.id}/decline`)).status).toBe(204);
      expect((await get<FriendRequests>(a, '/api/users/friends/requests')).body.outgoing).toEqual([]);
      expect((await send('POST', b, `/api/users/friends/requests/${a.user.id}/decline`)).status).toBe(404);
      expect((await send('POST', b, `/api/users/friends/requests/${a.user.id}/accept`)).status).toBe(404);

      await send('POST', a, '/api/users/friends', { friendId: b.user.id });
      expect((await send('DELETE', a, '/api/users/friends', { friendId: b.user.id })).status).toBe(204);
      expect((await get<FriendRequests>(b, '/api/users/friends/requests')).body.incoming).toEqual([]);

      await send('POST', a, '/api/users/friends', { friendId: b.user.id });
      await send('POST', b, `/api/users/friends/requests/${a.user.id}/accept`);
      expect((await send('DELETE', b, `/api/users/friends/${a.user.id}`)).status).toBe(204);
      expect((await get<FriendPage>(a, '/api/users/friends')).body.items).toEqual([]);
      expect((await get<PrivateProfile>(a, '/api/users/profile')).body.friendCount).toBe(0);
      expect((await send('DELETE', b, `/api/users/friends/${a.user.id}`)).status).toBe(404);
    });

    it('keeps friendCount right through request, accept, decline, cancel, block, unblock and remove', async () => {
      const [me, b, c, d, e] = await Promise.all(Array.from({ length: 5 }, () => registerUser(system)));
      const count = async (user: TestUser) => {
        const res = await get<PrivateProfile>(user, '/api/users/profile');
        expect(res.status).toBe(200);
        return res.body.friendCount;
      };

      // A request alone is not a friendship.
      expect((await send('POST', me, '/api/users/friends', { friendId: b.user.id })).status).toBe(201);
      expect([await count(me), await count(b)]).toEqual([0, 0]);
      expect((await send('POST', b, `/api/users/friends/requests/${me.user.id}/accept`)).status).toBe(200);
      expect([await count(me), await count(b)]).toEqual([1, 1]);

      // Declining someone else's request leaves the count alone.
      expect((await send('POST', c, '/api/users/friends', { friendId: me.user.id })).status).toBe(201);
      expect((await send('POST', me, `/api/users/friends/requests/${c.user.id}/decline`)).status).toBe(204);
      expect([await count(me), await count(c)]).toEqual([1, 0]);

      // So does cancelling a pending request of one's own.
      expect((await send('POST', me, '/api/users/friends', { friendId: d.user.id })).status).toBe(201);
      expect(await count(me)).toBe(1);
      expect((await send('DELETE', me, `/api/users/friends/${d.user.id}`)).status).toBe(204);
      expect([await count(me), await count(d)]).toEqual([1, 0]);

      // A second friend, so that a block visibly takes away exactly one.
      expect((await send('POST', e, '/api/users/friends', { friendId: me.user.id })).status).toBe(201);
      expect((await send('POST', me, `/api/users/friends/requests/${e.user.id}/accept`)).status).toBe(200);
      expect([await count(me), await count(e)]).toEqual([2, 1]);

      expect((await send('POST', me, '/api/users/blocks', { userId: b.user.id })).status).toBe(204);
      expect([await count(me), await count(b)]).toEqual([1, 0]);
      // Unblocking does not bring the friendship back.
      expect((await send('DELETE', me, `/api/users/blocks/${b.user.id}`)).status).toBe(204);
      expect([await count(me), await count(b)]).toEqual([1, 0]);
      expect((await get<FriendPage>(me, '/api/users/friends')).body.items.map((f) => f.id)).toEqual([e.user.id]);

      expect((await send('DELETE', me, '/api/users/friends', { friendId: e.user.id })).status).toBe(204);
      expect([await count(me), await count(e)]).toEqual([0, 0]);
    });

    it('answers removing a non-friend with 404 problem+json, an unknown body field with 400, no token with 401', async () => {
      const [a, stranger] = [await registerUser(system), await registerUser(system)];
      const none = await send<ProblemBody & { status: number }>('DELETE', a, '/api/users/friends', { friendId: stranger.user.id });
      expect(none.status).toBe(404);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect(none.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

      const extra = await send<ProblemBody>('DELETE', a, '/api/users/friends', { friendId: stranger.user.id, reason: 'spam' });
      expect(extra.status).toBe(400);
      expect(extra.body.code).toBe('VALIDATION_FAILED');
      expect(extra.body.errors?.map((x) => x.field)).toContain('reason');

      const anonymous = await system.request<ProblemBody>('GET', '/api/users/friends/requests');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHORIZED');
    });

    it('refuses yourself (400), unknown users (404) and bad bodies (400)', async () => {
      const a = await registerUser(system);
      expect((await send('POST', a, '/api/users/friends', { friendId: a.user.id })).status).toBe(400);
      expect((await send<ProblemBody>('POST', a, '/api/users/friends', { friendId: randomUUID() })).body.code).toBe('NOT_FOUND');
      expect((await send('POST', a, '/api/users/friends', { friendId: 'x' })).status).toBe(404);
      expect((await send('POST', a, '/api/users/friends', { friendId: randomUUID(), extra: 1 })).status).toBe(400);
      expect((await system.request('GET', '/api/users/friends')).status).toBe(401);
    });

    it('pages the friends list without duplicates or gaps', async () => {
      const me = await registerUser(system);
      const friends: TestUser[] = [];
      for (let i = 0; i < 5; i++) {
        const friend = await registerUser(system);
        await send('POST', me, '/api/users/friends', { friendId: friend.user.id });
        await send('POST', friend, `/api/users/friends/requests/${me.user.id}/accept`);
        friends.push(friend);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: FriendPage } = await get<FriendPage>(me, `/api/users/friends?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.items.map((f) => f.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      // Newest friendship first.
      expect(seen).toEqual(friends.map((f) => f.user.id).reverse());
    });
  });

  describe('blocks', () => {
    it('ends the friendship and pending requests, and hides the blocker from the blocked user', async () => {
      const [a, b, c] = [await registerUser(system), await registerUser(system), await registerUser(system)];
      await send('POST', a, '/api/users/friends', { friendId: b.user.id });
      await send('POST', b, `/api/users/friends/requests/${a.user.id}/accept`);
      await send('POST', c, '/api/users/friends', { friendId: a.user.id });

      expect((await send('POST', a, '/api/users/blocks', { userId: b.user.id })).status).toBe(204);
      expect((await send('POST', a, '/api/users/blocks', { userId: c.user.id })).status).toBe(204);
      expect((await send('POST', a, '/api/users/blocks', { userId: b.user.id })).status).toBe(204);

      expect((await get<FriendPage>(a, '/api/users/friends')).body.items).toEqual([]);
      expect((await get<FriendPage>(b, '/api/users/friends')).body.items).toEqual([]);
      expect((await get<FriendRequests>(a, '/api/users/friends/requests')).body.incoming).toEqual([]);
      expect((await get<FriendRequests>(c, '/api/users/friends/requests')).body.outgoing).toEqual([]);

      const list = await get<PublicUserPage>(a, '/api/users/blocks');
      expect(list.status).toBe(200);
      expect(list.body.items.map((u) => u.id)).toEqual([c.user.id, b.user.id]);

      // Neither side can send a friend request.
      const fromBlocked = await send<ProblemBody>('POST', b, '/api/users/friends', { friendId: a.user.id });
      expect(fromBlocked.status).toBe(403);
      expect(fromBlocked.body.code).toBe('BLOCKED');
      expect((await send<ProblemBody>('POST', a, '/api/users/friends', { friendId: b.user.id })).body.code).toBe('BLOCKED');

      // The blocker is invisible to the blocked user; the blocker still sees them.
      expect((await get(b, `/api/users/${a.user.id}`)).status).toBe(404);
      expect((await get(a, `/api/users/${b.user.id}`)).status).toBe(200);
      await eventually(async () => (await searchIds(a, b.username)).includes(b.user.id), 'b in search');
      expect(await searchIds(b, a.username)).toEqual([]);

      expect((await send('DELETE', a, `/api/users/blocks/${b.user.id}`)).status).toBe(204);
      expect((await send('DELETE', a, `/api/users/blocks/${b.user.id}`)).status).toBe(404);
      expect((await get(b, `/api/users/${a.user.id}`)).status).toBe(200);
      expect(await searchIds(b, a.username)).toEqual([a.user.id]);
      expect((await send('POST', b, '/api/users/friends', { friendId: a.user.id })).body).toEqual({ status: 'pending' });
    });

    it('refuses blocking yourself (400), an unknown user and a malformed id (404)', async () => {
      const a = await registerUser(system);
      expect((await send('POST', a, '/api/users/blocks', { userId: a.user.id })).status).toBe(400);
      expect((await send('POST', a, '/api/users/blocks', { userId: randomUUID() })).status).toBe(404);
      expect((await send('POST', a, '/api/users/blocks', { userId: 'nope' })).status).toBe(404);
      expect((await system.request('GET', '/api/users/blocks')).status).toBe(401);
    });
  });

  describe('a user registered a moment ago', () => {
    it('can be sent a direct message before their account event has reached the users service', async () => {
      const sender = await registerUser(system);
      const nats = await connect({ servers: system.env.NATS_URL });
      const held: JsMsg[] = [];
      try {
        // Make the lag certain: with the users service down, take the recipient's account event from its
        // durable consumer and keep it unacknowledged, so the restarted service cannot have it yet.
        await system.stopService('users');
        const recipient = await registerUser(system);
        const consumer = await jetstream(nats).consumers.get(eventStreamName(system.namespace), USERS_ACCOUNT_EVENTS_DURABLE);
        const deadline = Date.now() + 10_000;
        while (!held.some((m) => m.json<AccountEventPayload>().accountId === recipient.user.id)) {
          if (Date.now() > deadline) throw new Error('the account event never reached the stream');
          const msg = await consumer.next({ expires: 1000 });
          if (msg) held.push(msg);
        }
        await system.startService('users');

        const sent = await send<{ senderId: string; content: string }>('POST', sender, '/api/chat/send', {
          recipientId: recipient.user.id,
          message: 'welcome',
        });
        expect(sent.status).toBe(201);
        expect(sent.body).toMatchObject({ senderId: sender.user.id, content: 'welcome' });
        // An id auth does not know either is still 404 (not 503).
        const unknown = await send<ProblemBody>('POST', sender, '/api/chat/send', { recipientId: randomUUID(), message: 'x' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.code).toBe('NOT_FOUND');
      } finally {
        // Hand the held events back to the users service.
        held.forEach((m) => m.nak());
        await nats.close();
      }
    });
  });

  describe('catching up on account events', () => {
    it('learns about accounts registered while the users service was down, without a manual step', async () => {
      const watcher = await registerUser(system);
      await system.stopService('users');
      const tag = `cu${randomBytes(3).toString('hex')}`;
      const missed = [
        await registerUser(system, { username: `${tag}_one` }),
        await registerUser(system, { username: `${tag}_two` }),
      ];
      await system.startService('users');
      // Search reads only the read copy (it never asks auth), so this proves the events were replayed.
      await eventually(async () => (await searchIds(watcher, tag)).length === 2, 'both missed accounts', 20_000);
      expect((await searchIds(watcher, tag)).sort()).toEqual(missed.map((u) => u.user.id).sort());
    });
  });
});
