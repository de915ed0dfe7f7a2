import { describe, expect, it } from '@jest/globals';
import { headers } from '@nats-io/transport-node';
import { DELIVERY_ID_HEADER, type DeliveryCopy, UserCopiesBatcher } from './user-copies.batcher.js';

/** A received copy: its delivery's id in the headers (none for a call with one user), its payload as a label. */
function copy(payload: string, id?: string): DeliveryCopy & { payload: string } {
  const hdrs = headers();
  hdrs.set('x-request-id', 'r1');
  if (id !== undefined) hdrs.set(DELIVERY_ID_HEADER, id);
  return { headers: hdrs, payload };
}

function recorder() {
  const handled: { payload: string; userIds: string[] }[] = [];
  const batcher = new UserCopiesBatcher<DeliveryCopy & { payload: string }>((userIds, first) => handled.push({ payload: first.payload, userIds }));
  return { batcher, handled };
}

/** What each user got, in order: the per-user view the grouping must not change. */
function perUser(handled: { payload: string; userIds: string[] }[]): Record<string, string[]> {
  const got: Record<string, string[]> = {};
  for (const { payload, userIds } of handled) for (const u of userIds) (got[u] ??= []).push(payload);
  return got;
}

const microtask = () => new Promise<void>((r) => queueMicrotask(r));

describe('UserCopiesBatcher', () => {
  it('hands the copies of one delivery that arrive together over once, with their users in arrival order, after the read', async () => {
    const { batcher, handled } = recorder();
    for (const u of ['u1', 'u2', 'u3']) batcher.add(u, copy('m1', 'd1'));
    expect(handled).toEqual([]);
    await microtask();
    expect(handled).toEqual([{ payload: 'm1', userIds: ['u1', 'u2', 'u3'] }]);
  });

  it('keeps every user’s order when deliveries of two publishers interleave: a different delivery ends the run first', async () => {
    const { batcher, handled } = recorder();
    // Publisher A's d1 to u1..u3 is split by publisher B's d2 to u1 and u2; then A's d3 to u3 and u1.
    batcher.add('u1', copy('a1', 'd1'));
    batcher.add('u2', copy('a1', 'd1'));
    batcher.add('u1', copy('b1', 'd2'));
    batcher.add('u2', copy('b1', 'd2'));
    batcher.add('u3', copy('a1', 'd1'));
    batcher.add('u3', copy('a2', 'd3'));
    batcher.add('u1', copy('a2', 'd3'));
    await microtask();
    expect(handled).toEqual([
      { payload: 'a1', userIds: ['u1', 'u2'] },
      { payload: 'b1', userIds: ['u1', 'u2'] },
      { payload: 'a1', userIds: ['u3'] },
      { payload: 'a2', userIds: ['u3', 'u1'] },
    ]);
    // Exactly what one-by-one handling gives each user.
    expect(perUser(handled)).toEqual({ u1: ['a1', 'b1', 'a2'], u2: ['a1', 'b1'], u3: ['a1', 'a2'] });
  });

  it('handles a one-user delivery (no id) at once, after the run that arrived before it', () => {
    const { batcher, handled } = recorder();
    batcher.add('u1', copy('m1', 'd1'));
    batcher.add('u2', copy('m1', 'd1'));
    batcher.add('u1', copy('signal'));
    expect(handled).toEqual([
      { payload: 'm1', userIds: ['u1', 'u2'] },
      { payload: 'signal', userIds: ['u1'] },
    ]);
  });

  it('two deliveries with the same bytes stay two (the id tells them apart), so a user listed in both gets both', async () => {
    const { batcher, handled } = recorder();
    batcher.add('u1', copy('typing', 'd1'));
    batcher.add('u2', copy('typing', 'd1'));
    batcher.add('u1', copy('typing', 'd2'));
    batcher.add('u2', copy('typing', 'd2'));
    await microtask();
    expect(perUser(handled)).toEqual({ u1: ['typing', 'typing'], u2: ['typing', 'typing'] });
  });

  it('flush() hands the open run over now (a message of another subject arrived after it), and only once', async () => {
    const { batcher, handled } = recorder();
    batcher.add('u1', copy('m1', 'd1'));
    batcher.flush();
    expect(handled).toEqual([{ payload: 'm1', userIds: ['u1'] }]);
    await microtask();
    expect(handled).toHaveLength(1);
  });

  it('copies of one delivery split across two reads make two runs, each handed over after its read', async () => {
    const { batcher, handled } = recorder();
    batcher.add('u1', copy('m1', 'd1'));
    await microtask();
    batcher.add('u2', copy('m1', 'd1'));
    await microtask();
    expect(handled).toEqual([
      { payload: 'm1', userIds: ['u1'] },
      { payload: 'm1', userIds: ['u2'] },
    ]);
  });
});
