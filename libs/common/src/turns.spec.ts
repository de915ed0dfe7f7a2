import { describe, expect, it } from '@jest/globals';
import { Turns } from './turns.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Turns', () => {
  it('runs the work of one key one at a time in call order, other keys alongside, and goes on after a failure', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const step = (name: string, fail = false) => async () => {
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([turns.run('a', step('a1', true)), turns.run('a', step('a2')), turns.run('b', step('b1'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'));
  });
});
