import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { type UsersRepos, usersRepositoryFactories } from '../testing/users-repositories.fixture.js';

const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));

/** A friendship made the only way there is: a request, accepted. */
async function befriend(friendships: UsersRepos['friendships'], a: string, b: string, since: Date): Promise<void> {
  await friendships.addRequest({ fromId: a, toId: b, createdAt: since });
  await friendships.acceptRequest(a, b, since);
}

repositoryContract('FriendshipRepository', usersRepositoryFactories, (repos) => {
  it('stores one request per direction; adding it again reports that it existed', async () => {
    const [a, b] = [newId(), newId()];
    expect(await repos().friendships.addRequest({ fromId: a, toId: b, createdAt: t(1) })).toBe(true);
    expect(await repos().friendships.addRequest({ fromId: a, toId: b, createdAt: t(2) })).toBe(false);
    expect(await repos().friendships.findRequest(a, b)).toEqual({ fromId: a, toId: b, createdAt: t(1) });
    expect(await repos().friendships.findRequest(b, a)).toBeNull();
    expect(await repos().friendships.deleteRequest(a, b)).toBe(true);
    expect(await repos().friendships.deleteRequest(a, b)).toBe(false);
  });

  it('lists incoming and outgoing requests oldest first', async () => {
    const [me, x, y, z] = [newId(), newId(), newId(), newId()];
    await repos().friendships.addRequest({ fromId: y, toId: me, createdAt: t(2) });
    await repos().friendships.addRequest({ fromId: x, toId: me, createdAt: t(1) });
    await repos().friendships.addRequest({ fromId: me, toId: z, createdAt: t(3) });
    const { incoming, outgoing } = await repos().friendships.requestsOf(me);
    expect(incoming.map((r) => r.fromId)).toEqual([x, y]);
    expect(outgoing).toEqual([{ fromId: me, toId: z, createdAt: t(3) }]);
  });

  it('accepting consumes the request once: friends both ways, the reverse request gone, others kept', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    await repos().friendships.addRequest({ fromId: a, toId: b, createdAt: t(1) });
    await repos().friendships.addRequest({ fromId: b, toId: a, createdAt: t(1) });
    await repos().friendships.addRequest({ fromId: a, toId: c, createdAt: t(1) });
    expect(await repos().friendships.acceptRequest(a, b, t(5))).toBe(true);
    expect(await repos().friendships.acceptRequest(a, b, t(9))).toBe(false);
    expect(await repos().friendships.acceptRequest(b, a, t(9))).toBe(false);
    expect(await repos().friendships.findFriendship(a, b)).toEqual({ userId: a, friendId: b, since: t(5) });
    expect(await repos().friendships.findFriendship(b, a)).toEqual({ userId: b, friendId: a, since: t(5) });
    expect(await repos().friendships.findRequest(a, b)).toBeNull();
    expect(await repos().friendships.findRequest(b, a)).toBeNull();
    expect(await repos().friendships.findRequest(a, c)).not.toBeNull();
    expect(await repos().friendships.countFriends(a)).toBe(1);
    expect(await repos().friendships.countFriends(b)).toBe(1);
  });

  it('accepting a request that is gone (declined, cancelled, never sent) makes no friendship', async () => {
    const [a, b] = [newId(), newId()];
    expect(await repos().friendships.acceptRequest(a, b, t(1))).toBe(false);
    await repos().friendships.addRequest({ fromId: a, toId: b, createdAt: t(1) });
    expect(await repos().friendships.deleteRequest(a, b)).toBe(true);
    expect(await repos().friendships.acceptRequest(a, b, t(2))).toBe(false);
    expect(await repos().friendships.findFriendship(b, a)).toBeNull();
    expect(await repos().friendships.countFriends(b)).toBe(0);
  });

  it('unlinks the friendship and requests either way, saying what existed', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    await befriend(repos().friendships, a, b, t(1));
    expect(await repos().friendships.unlink(b, a)).toEqual({ friendship: true, requests: false });
    expect(await repos().friendships.findFriendship(a, b)).toBeNull();
    expect(await repos().friendships.countFriends(a)).toBe(0);
    await repos().friendships.addRequest({ fromId: c, toId: a, createdAt: t(1) });
    expect(await repos().friendships.unlink(a, c)).toEqual({ friendship: false, requests: true });
    expect(await repos().friendships.unlink(a, c)).toEqual({ friendship: false, requests: false });
  });

  it('pages friends newest first with a (since, id) keyset, ties included', async () => {
    const me = newId();
    const friends = [newId(), newId(), newId(), newId()];
    await befriend(repos().friendships, me, friends[0], t(1));
    await befriend(repos().friendships, me, friends[1], t(2));
    await befriend(repos().friendships, me, friends[2], t(2));
    await befriend(repos().friendships, me, friends[3], t(3));
    const all = await repos().friendships.listFriends(me, null, 10);
    const tied = [friends[1], friends[2]].sort().reverse();
    expect(all.map((f) => f.friendId)).toEqual([friends[3], ...tied, friends[0]]);
    const first = await repos().friendships.listFriends(me, null, 2);
    const last = first.at(-1)!;
    const rest = await repos().friendships.listFriends(me, { at: last.since, id: last.friendId }, 10);
    expect([...first, ...rest].map((f) => f.friendId)).toEqual(all.map((f) => f.friendId));
    expect(await repos().friendships.listFriends(me, { at: t(0), id: '' }, 10)).toEqual([]);
  });
});
