import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Caller } from '#contracts';
import { type UsersServices, usersServices } from '../testing/users-services.fixture.js';
import { UsersEnv } from '../users.env.js';
import { BlockPublicationSweeper } from './block-publication.sweeper.js';

/** Fakes the clock and setInterval only: the store's own I/O and `settle` (setTimeout) run as usual. */
const fakeClock = () =>
  jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });

/** The sweeper on its own timer. */
describe('BlockPublicationSweeper', () => {
  let s: UsersServices;
  let ann: Caller;
  let bob: Caller;
  let sweeper: BlockPublicationSweeper;

  beforeEach(async () => {
    s = await usersServices();
    ann = await s.user('ann');
    bob = await s.user('bobby');
    fakeClock();
    sweeper = new BlockPublicationSweeper(s.blocks, Object.assign(new UsersEnv(), { RPC_TIMEOUT_MS: 2000 }));
    sweeper.onApplicationBootstrap();
  });

  afterEach(async () => {
    await sweeper.beforeApplicationShutdown();
    jest.useRealTimers();
    await s.close();
  });

  /** Lets the sweep started by the last tick finish its store reads and publishes. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
  const tick = async (ms: number) => {
    jest.advanceTimersByTime(ms);
    await settle();
  };

  it('publishes a block whose own publish failed within a sweep period, with no retry from the client', async () => {
    s.failNextBlockEvent();
    await expect(s.blocks.block({ caller: bob, userId: ann.userId })).rejects.toThrow('publish failed');
    await tick(9_999);
    expect(s.blockEvents).toEqual([]);
    await tick(1);
    expect(s.blockEvents.map((e) => [e.blockerId, e.blockedId, e.blocked])).toEqual([[bob.userId, ann.userId, true]]);
  });

  it('keeps trying through a failing bus, and publishes once it is back', async () => {
    s.failNextBlockEvent();
    await expect(s.blocks.block({ caller: bob, userId: ann.userId })).rejects.toThrow('publish failed');
    s.failNextBlockEvent();
    await tick(10_000);
    expect(s.blockEvents).toEqual([]);
    await tick(10_000);
    expect(s.blockEvents.at(-1)).toMatchObject({ blockerId: bob.userId, blockedId: ann.userId, blocked: true });
  });

  it('stops with the application: no sweep after shutdown', async () => {
    s.failNextBlockEvent();
    await expect(s.blocks.block({ caller: bob, userId: ann.userId })).rejects.toThrow('publish failed');
    await sweeper.beforeApplicationShutdown();
    await tick(60_000);
    expect(s.blockEvents).toEqual([]);
  });
});
