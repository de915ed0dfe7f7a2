import { describe, expect, it } from '@jest/globals';
import { KeyedSerialQueue } from './keyed-serial-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedSerialQueue', () => {
  it('finishes the tasks of one key in the order they were enqueued, however long each takes', async () => {
    const queue = new KeyedSerialQueue();
    const done: number[] = [];
    const task = (n: number, ms: number) => () => sleep(ms).then(() => done.push(n));
    await Promise.all([queue.run('k', task(1, 40)), queue.run('k', task(2, 0)), queue.run('k', task(3, 10))]);
    expect(done).toEqual([1, 2, 3]);
  });

  it('starts a task of a key only after the one before it has ended, even when that one fails', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const step = (name: string, fail = false) => async () => {
      log.push(`${name}:start`);
      await sleep(5);
      log.push(`${name}:end`);
      if (fail) throw new Error(name);
    };
    await Promise.allSettled([queue.run('a', step('a1', true)), queue.run('a', step('a2')), queue.run('b', step('b1'))]);
    expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'));
  });

  it('does not hold one key behind another', async () => {
    const queue = new KeyedSerialQueue();
    const done: string[] = [];
    const slow = queue.run('slow', () => sleep(50).then(() => done.push('slow')));
    await queue.run('fast', async () => done.push('fast'));
    expect(done).toEqual(['fast']);
    await slow;
    expect(done).toEqual(['fast', 'slow']);
  });

  it('hands each caller its own outcome, and a failed task does not stop the ones after it', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('k', () => Promise.reject(new Error('store down')));
    const next = queue.run('k', async () => 'written');
    await expect(failed).rejects.toThrow('store down');
    await expect(next).resolves.toBe('written');
  });

  it('forgets a key once its work is done, and drains work that enqueues more work', async () => {
    const queue = new KeyedSerialQueue();
    const done: string[] = [];
    void queue.run('a', () => sleep(5).then(() => void queue.run('b', () => sleep(5).then(() => done.push('b')))));
    expect(queue.pendingKeys).toBe(1);
    await queue.drained();
    expect(done).toEqual(['b']);
    expect(queue.pendingKeys).toBe(0);
  });
});
