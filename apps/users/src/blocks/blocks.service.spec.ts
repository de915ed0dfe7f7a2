import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Caller } from '#contracts';
import { newId } from '#common';
import { errorCode as code, type UsersServices, usersServices } from '../testing/users-services.fixture.js';

describe('BlocksService and what a block hides', () => {
  let s: UsersServices;
  let ann: Caller;
  let bob: Caller;

  beforeEach(async () => {
    s = await usersServices();
    ann = await s.user('ann');
    bob = await s.user('bobby');
  });

  afterEach(async () => {
    await s.close();
  });

  it('ends the friendship and requests both ways, and the chat query sees it from either side', async () => {
    await s.friends.request({ caller: ann, friendId: bob.userId });
    await s.friends.accept({ caller: bob, userId: ann.userId });
    await s.blocks.block({ caller: bob, userId: ann.userId });
    expect(await s.repos.friendships.countFriends(ann.userId)).toBe(0);
    expect(await s.blocks.between({ userA: ann.userId, userB: bob.userId })).toEqual({ blocked: true });
    expect(await s.blocks.between({ userA: bob.userId, userB: ann.userId })).toEqual({ blocked: true });
    expect((await s.blocks.list({ caller: bob })).items.map((u) => u.id)).toEqual([ann.userId]);
    await s.blocks.unblock({ caller: bob, userId: ann.userId });
    expect(await s.blocks.between({ userA: ann.userId, userB: bob.userId })).toEqual({ blocked: false });
    expect(await code(s.blocks.unblock({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
  });

  it('publishes each block and unblock for chat’s read copy, a repeated one again', async () => {
    await s.blocks.block({ caller: bob, userId: ann.userId });
    await s.blocks.block({ caller: bob, userId: ann.userId });
    await s.blocks.unblock({ caller: bob, userId: ann.userId });
    expect(await code(s.blocks.unblock({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    expect(s.blockEvents.map((e) => [e.blockerId, e.blockedId, e.blocked])).toEqual([
      [bob.userId, ann.userId, true],
      [bob.userId, ann.userId, true],
      [bob.userId, ann.userId, false],
      [bob.userId, ann.userId, false],
    ]);
  });

  it('an unblock whose publish failed reaches chat’s copy when the client retries it, though the retry answers 404', async () => {
    await s.blocks.block({ caller: bob, userId: ann.userId });
    s.failNextBlockEvent();
    await expect(s.blocks.unblock({ caller: bob, userId: ann.userId })).rejects.toThrow('publish failed');
    // The block is gone from users but chat's copy was told nothing: it still holds the block.
    expect(s.blockEvents.at(-1)?.blocked).toBe(true);
    expect(await code(s.blocks.unblock({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    expect(s.blockEvents.at(-1)).toMatchObject({ blockerId: bob.userId, blockedId: ann.userId, blocked: false });
  });

  /** A sweep at `now`: marks older than `publishAgeMs` are published, those older than `clearAgeMs` may be cleared. */
  const sweep = ({ publishAgeMs = -1, clearAgeMs = 300_000, stopped }: { publishAgeMs?: number; clearAgeMs?: number; stopped?: () => boolean } = {}) =>
    s.blocks.publishUnpublished({ publishBefore: new Date(Date.now() - publishAgeMs), clearBefore: new Date(Date.now() - clearAgeMs), ...(stopped && { stopped }) });

  it('a block whose publish failed reaches chat’s copy through the sweep, with no retry from the client', async () => {
    s.failNextBlockEvent();
    await expect(s.blocks.block({ caller: bob, userId: ann.userId })).rejects.toThrow('publish failed');
    expect(s.blockEvents).toEqual([]);
    // Not yet old enough: its own call might still be running.
    expect(await sweep({ publishAgeMs: 60_000 })).toBe(0);
    expect(await sweep()).toBe(1);
    expect(s.blockEvents.map((e) => [e.blockerId, e.blockedId, e.blocked])).toEqual([[bob.userId, ann.userId, true]]);
    // A young mark stays (its call's write could still land) and is published again; an old one is cleared.
    expect(await sweep()).toBe(1);
    expect(await sweep({ clearAgeMs: -1 })).toBe(1);
    expect(await sweep()).toBe(0);
  });

  it('a write still on its way when the sweep first published the pair is published by a later sweep', async () => {
    // A call marked the pair, then its write stalled (a database failover) past the sweep's first look.
    await s.repos.blocks.markUnpublished({ blockerId: bob.userId, blockedId: ann.userId, token: 'stalled', since: new Date(Date.now() - 1) });
    expect(await sweep()).toBe(1);
    expect(s.blockEvents.at(-1)?.blocked).toBe(false);
    // The write lands, and the call dies before publishing: the mark is still there for the next sweep.
    await s.repos.blocks.add({ blockerId: bob.userId, blockedId: ann.userId, createdAt: new Date() });
    expect(await sweep()).toBe(1);
    expect(s.blockEvents.at(-1)).toMatchObject({ blockerId: bob.userId, blockedId: ann.userId, blocked: true });
  });

  it('publishes every marked pair once per sweep, past one that fails and past a page, and stops when asked', async () => {
    const since = new Date(Date.now() - 10);
    const pairs = Array.from({ length: 150 }, () => [newId(), newId()] as const);
    for (const [i, [blockerId, blockedId]] of pairs.entries()) {
      await s.repos.blocks.markUnpublished({ blockerId, blockedId, token: `t${String(i).padStart(3, '0')}`, since });
    }
    // A second mark on the first pair: one publish for both.
    await s.repos.blocks.markUnpublished({ blockerId: pairs[0][0], blockedId: pairs[0][1], token: 't000b', since });
    expect(await sweep({ stopped: () => true })).toBe(0);
    s.failNextBlockEvent();
    await expect(sweep()).rejects.toThrow('publish failed');
    expect(s.blockEvents).toHaveLength(149);
    expect(await sweep({ clearAgeMs: -1 })).toBe(150);
    expect(await sweep()).toBe(0);
  });

  it('leaves nothing for the sweep after calls whose publish succeeded, a 404 unblock included', async () => {
    await s.blocks.block({ caller: bob, userId: ann.userId });
    await s.blocks.unblock({ caller: bob, userId: ann.userId });
    expect(await code(s.blocks.unblock({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    expect(await sweep()).toBe(0);
    expect(s.blockEvents).toHaveLength(3);
  });

  it('a stale state that lands after a concurrent call’s event is published again, so chat ends with what is stored', async () => {
    // bob's block reads "blocked", then his unblock runs whole (write, read, publish "not blocked") before the
    // block's event lands: chat keeps the event published last, which is now stale.
    s.beforeNextBlockEvent(() => s.blocks.unblock({ caller: bob, userId: ann.userId }));
    await s.blocks.block({ caller: bob, userId: ann.userId });
    expect(s.blockEvents.map((e) => e.blocked)).toEqual([false, true, false]);
    expect(await s.blocks.between({ userA: ann.userId, userB: bob.userId })).toEqual({ blocked: false });
    expect(await sweep()).toBe(0);
  });

  it('a slow call that dies after its write is not forgotten because another call on the pair finished meanwhile', async () => {
    // The slow call has marked the pair; before it writes, an unblock of the same pair runs whole and is published.
    await s.repos.blocks.markUnpublished({ blockerId: bob.userId, blockedId: ann.userId, token: 'slow-call', since: new Date(Date.now() - 1) });
    expect(await code(s.blocks.unblock({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    // Then the slow call's block is written, and its process dies before publishing: chat's copy misses it.
    await s.repos.blocks.add({ blockerId: bob.userId, blockedId: ann.userId, createdAt: new Date() });
    expect(s.blockEvents.at(-1)?.blocked).toBe(false);
    expect(await sweep()).toBe(1);
    expect(s.blockEvents.at(-1)).toMatchObject({ blockerId: bob.userId, blockedId: ann.userId, blocked: true });
  });

  it('publishes the pair as stored: a block still in place when an unblock finds nothing to remove stays blocked in chat', async () => {
    await s.blocks.block({ caller: bob, userId: ann.userId });
    // ann never blocked bob: her unblock is a 404 and says "not blocked" for her direction only.
    expect(await code(s.blocks.unblock({ caller: ann, userId: bob.userId }))).toBe('NOT_FOUND');
    expect(s.blockEvents.map((e) => [e.blockerId, e.blockedId, e.blocked])).toEqual([
      [bob.userId, ann.userId, true],
      [ann.userId, bob.userId, false],
    ]);
  });

  it('hides the blocker from the blocked user (profile 404, search), not the other way round', async () => {
    await s.blocks.block({ caller: ann, userId: bob.userId });
    expect(await code(s.profiles.getUser({ caller: bob, userId: ann.userId }))).toBe('NOT_FOUND');
    expect((await s.profiles.getUser({ caller: ann, userId: bob.userId })).id).toBe(bob.userId);
    expect((await s.profiles.search({ caller: bob, search: 'ANN' })).items).toEqual([]);
    expect((await s.profiles.search({ caller: ann, search: 'bob' })).items.map((u) => u.id)).toEqual([bob.userId]);
  });

  it('refuses blocking yourself or an unknown user', async () => {
    expect(await code(s.blocks.block({ caller: ann, userId: ann.userId }))).toBe('VALIDATION_FAILED');
    expect(await code(s.blocks.block({ caller: ann, userId: newId() }))).toBe('NOT_FOUND');
  });
});
