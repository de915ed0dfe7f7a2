import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Caller } from '#contracts';
import { newId } from '#common';
import { errorCode as code, interleave, settle, type UsersServices, usersServices } from '../testing/users-services.fixture.js';

describe('FriendsService (friendship state machine)', () => {
  let s: UsersServices;
  let ann: Caller;
  let bob: Caller;

  const friendIds = async (caller: Caller) => (await s.friends.list({ caller })).items.map((f) => f.id);

  beforeEach(async () => {
    s = await usersServices();
    ann = await s.user('ann');
    bob = await s.user('bob');
  });

  afterEach(async () => {
    await s.close();
  });

  it('none → pending: the receiver is notified once, a repeat stays pending', async () => {
    expect(await s.friends.request({ caller: ann, friendId: bob.userId })).toEqual({ status: 'pending' });
    expect(await s.friends.request({ caller: ann, friendId: bob.userId })).toEqual({ status: 'pending' });
    await settle();
    expect(s.broadcasts).toEqual([{ toUserId: bob.userId, event: 'friend:request', user: expect.objectContaining({ id: ann.userId, username: 'ann' }) }]);
    const bobs = await s.friends.requests({ caller: bob });
    expect(bobs.incoming.map((r) => r.user.id)).toEqual([ann.userId]);
    expect(bobs.outgoing).toEqual([]);
  });

  it('pending → friends on accept; accepting again is harmless, requesting again is ALREADY_FRIENDS', async () => {
    await s.friends.request({ caller: ann, friendId: bob.userId });
    expect(await s.friends.accept({ caller: bob, userId: ann.userId })).toEqual({ status: 'accepted' });
    expect(await s.friends.accept({ caller: bob, userId: ann.userId })).toEqual({ status: 'accepted' });
    expect(await friendIds(ann)).toEqual([bob.userId]);
    expect(await friendIds(bob)).toEqual([ann.userId]);
    expect(await code(s.friends.request({ caller: bob, friendId: ann.userId }))).toBe('ALREADY_FRIENDS');
    await settle();
    expect(s.broadcasts.at(-1)).toMatchObject({ toUserId: ann.userId, event: 'friend:accepted', user: { id: bob.userId } });
  });

  it('a request against a pending request the other way becomes a friendship', async () => {
    await s.friends.request({ caller: ann, friendId: bob.userId });
    expect(await s.friends.request({ caller: bob, friendId: ann.userId })).toEqual({ status: 'accepted' });
    expect(await friendIds(ann)).toEqual([bob.userId]);
    expect(await s.friends.requests({ caller: ann })).toEqual({ incoming: [], outgoing: [] });
  });

  it('simultaneous crossing requests end as one friendship with no requests left', async () => {
    const results = await Promise.all([
      s.friends.request({ caller: ann, friendId: bob.userId }),
      s.friends.request({ caller: bob, friendId: ann.userId }),
    ]);
    expect(results.map((r) => r.status)).toContain('accepted');
    expect(await friendIds(ann)).toEqual([bob.userId]);
    expect(await s.repos.friendships.countFriends(bob.userId)).toBe(1);
    expect(await s.friends.requests({ caller: bob })).toEqual({ incoming: [], outgoing: [] });
  });

  it('pending → none on decline (receiver) or cancel (sender); a missing request is NOT_FOUND', async () => {
    await s.friends.request({ caller: ann, friendId: bob.userId });
    await s.friends.decline({ caller: bob, userId: ann.userId });
    expect(await code(s.friends.decline({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    expect(await code(s.friends.accept({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    // The sender cannot "decline" their own request.
    await s.friends.request({ caller: ann, friendId: bob.userId });
    expect(await code(s.friends.decline({ caller: ann, userId: bob.userId }))).toBe('NOT_FOUND');
    await s.friends.remove({ caller: ann, friendId: bob.userId });
    expect(await s.friends.requests({ caller: bob })).toEqual({ incoming: [], outgoing: [] });
  });

  it('friends → none on remove by either side, notifying the other; removing nothing is NOT_FOUND', async () => {
    await s.friends.request({ caller: ann, friendId: bob.userId });
    await s.friends.accept({ caller: bob, userId: ann.userId });
    await s.friends.remove({ caller: bob, friendId: ann.userId });
    expect(await friendIds(ann)).toEqual([]);
    expect(await code(s.friends.remove({ caller: bob, friendId: ann.userId }))).toBe('NOT_FOUND');
    await settle();
    expect(s.broadcasts.at(-1)).toMatchObject({ toUserId: ann.userId, event: 'friend:removed', user: { id: bob.userId } });
  });

  it('refuses yourself (VALIDATION_FAILED), unknown users (NOT_FOUND) and blocked pairs either way (BLOCKED)', async () => {
    expect(await code(s.friends.request({ caller: ann, friendId: ann.userId }))).toBe('VALIDATION_FAILED');
    expect(await code(s.friends.request({ caller: ann, friendId: newId() }))).toBe('NOT_FOUND');
    await s.blocks.block({ caller: ann, userId: bob.userId });
    expect(await code(s.friends.request({ caller: bob, friendId: ann.userId }))).toBe('BLOCKED');
    expect(await code(s.friends.request({ caller: ann, friendId: bob.userId }))).toBe('BLOCKED');
  });

  it('accepts a request to a user whose profile has not arrived from the events yet', async () => {
    const late = s.auth.add('late');
    expect(await s.friends.request({ caller: ann, friendId: late.id })).toEqual({ status: 'pending' });
    expect((await s.repos.profiles.findById(late.id))?.username).toBe('late');
  });

  describe('races between two users acting at once', () => {
    const linksBetween = async (x: Caller, y: Caller) => ({
      friends: await friendIds(x),
      incoming: (await s.friends.requests({ caller: x })).incoming.map((r) => r.user.id),
      outgoing: (await s.friends.requests({ caller: x })).outgoing.map((r) => r.user.id),
      theirFriends: await friendIds(y),
    });
    const nothing = { friends: [], incoming: [], outgoing: [], theirFriends: [] };

    it('a block that lands while the blocked user sends a request leaves no request, and says BLOCKED', async () => {
      const blocksMeanwhile = interleave(s.repos.blocks, () => s.blocks.block({ caller: ann, userId: bob.userId }));
      const result = await code(s.friendsOver({ blocks: blocksMeanwhile }).request({ caller: bob, friendId: ann.userId }));
      expect(result).toBe('BLOCKED');
      expect(await linksBetween(ann, bob)).toEqual(nothing);
      await settle();
      expect(s.broadcasts).toEqual([]);
    });

    it('a block that lands while a request is being accepted leaves no friendship', async () => {
      await s.friends.request({ caller: ann, friendId: bob.userId });
      const friendshipsMeanwhile = interleave(s.repos.friendships, () => s.blocks.block({ caller: ann, userId: bob.userId }));
      const result = await code(s.friendsOver({ friendships: friendshipsMeanwhile }).accept({ caller: bob, userId: ann.userId }));
      expect(result).toBe('BLOCKED');
      expect(await linksBetween(ann, bob)).toEqual(nothing);
      await settle();
      expect(s.broadcasts.filter((b) => b.event === 'friend:accepted')).toEqual([]);
    });

    it('an accept racing the sender cancelling the request does not bring the cancelled request back as a friendship', async () => {
      await s.friends.request({ caller: ann, friendId: bob.userId });
      let cancelled: string | undefined;
      const friendshipsMeanwhile = interleave(s.repos.friendships, async () => {
        cancelled = await code(s.friends.remove({ caller: ann, friendId: bob.userId }));
      });
      await code(s.friendsOver({ friendships: friendshipsMeanwhile }).accept({ caller: bob, userId: ann.userId }));
      expect(cancelled).toBe('resolved');
      // Whichever went first, the cancel succeeded last: nothing links the two afterwards.
      expect(await linksBetween(ann, bob)).toEqual(nothing);
    });

    it('a friendship formed while a request is being sent leaves no stray request behind', async () => {
      await s.friends.request({ caller: bob, friendId: ann.userId });
      // Ann's request starts while Bob's is pending, and (from another tab) she accepts Bob's meanwhile.
      const friendshipsMeanwhile = interleave(s.repos.friendships, () => s.friends.accept({ caller: ann, userId: bob.userId }));
      expect(await s.friendsOver({ friendships: friendshipsMeanwhile }).request({ caller: ann, friendId: bob.userId })).toEqual({
        status: 'accepted',
      });
      expect(await friendIds(ann)).toEqual([bob.userId]);
      expect(await s.friends.requests({ caller: ann })).toEqual({ incoming: [], outgoing: [] });
      expect(await s.friends.requests({ caller: bob })).toEqual({ incoming: [], outgoing: [] });
    });

    it('two accepts of the same request at once make one friendship and notify the sender once', async () => {
      await s.friends.request({ caller: ann, friendId: bob.userId });
      const results = await Promise.all([
        s.friends.accept({ caller: bob, userId: ann.userId }),
        s.friends.accept({ caller: bob, userId: ann.userId }),
      ]);
      expect(results).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
      expect(await friendIds(ann)).toEqual([bob.userId]);
      await settle();
      expect(s.broadcasts.filter((b) => b.event === 'friend:accepted')).toHaveLength(1);
    });
  });
});
