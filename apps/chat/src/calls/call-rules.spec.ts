import { describe, expect, it } from '@jest/globals';
import { CALL_PARTICIPANTS_MAX } from '#contracts';
import { declineCall, endCall, joinCall, leaveCall, stillRinging } from './call-rules.js';
import type { CallRecord } from './call.entity.js';

const at = new Date('2026-01-01T00:00:00Z');
const ringing = (invitees = ['b']): CallRecord => ({
  id: 'k',
  conversationId: 'c',
  initiatorId: 'a',
  media: 'audio',
  state: 'ringing',
  reason: null,
  invitees,
  declined: [],
  joined: ['a'],
  participants: [{ userId: 'a', socketId: 'sa' }],
  version: 1,
  createdAt: at,
  answeredAt: null,
  endedAt: null,
  startedSeq: 1,
  endedSeq: null,
});

describe('call rules', () => {
  it('the first answer makes the call active; answering again from another socket moves the call there', () => {
    const active = joinCall(ringing(), 'b', 'sb', at);
    expect(active).toMatchObject({ state: 'active', answeredAt: at, joined: ['a', 'b'], version: 2 });
    if (!active) throw new Error('no join');
    expect(joinCall(active, 'b', 'sb', at)).toBeNull();
    expect(joinCall(active, 'b', 'sb2', at)?.participants).toEqual([{ userId: 'a', socketId: 'sa' }, { userId: 'b', socketId: 'sb2' }]);
  });

  it(`takes at most ${CALL_PARTICIPANTS_MAX} participants`, () => {
    const people = Array.from({ length: 9 }, (_, i) => `u${i}`);
    let call: CallRecord = ringing(people);
    for (const id of people.slice(0, CALL_PARTICIPANTS_MAX - 1)) call = joinCall(call, id, `s${id}`, at) ?? call;
    expect(call.participants).toHaveLength(CALL_PARTICIPANTS_MAX);
    expect(() => joinCall(call, 'u8', 's', at)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('a 1:1 decline ends the call; in a group it ends only when every callee declined', () => {
    expect(declineCall(ringing(), 'b', at)).toMatchObject({ state: 'ended', reason: 'declined' });
    const group = declineCall(ringing(['b', 'c']), 'b', at);
    expect(group).toMatchObject({ state: 'ringing', declined: ['b'] });
    if (!group) throw new Error('no decline');
    expect(stillRinging(group)).toEqual(['c']);
    expect(declineCall(group, 'c', at)).toMatchObject({ state: 'ended', reason: 'declined' });
    expect(() => declineCall(ringing(), 'z', at)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('leaving ends a call that would have fewer than two participants, or a ring the caller cancels', () => {
    expect(leaveCall(ringing(), 'a', 'hangup', at)).toMatchObject({ state: 'ended', reason: 'hangup', participants: [] });
    const three = [joinCall, joinCall].reduce<CallRecord>((c, join, i) => join(c, ['b', 'c'][i], `s${i}`, at) ?? c, ringing(['b', 'c']));
    expect(leaveCall(three, 'b', 'failed', at)).toMatchObject({ state: 'active', participants: [{ userId: 'a' }, { userId: 'c' }] });
    const two = joinCall(ringing(), 'b', 'sb', at);
    if (!two) throw new Error('no join');
    expect(leaveCall(two, 'b', 'failed', at)).toMatchObject({ state: 'ended', reason: 'failed' });
    expect(leaveCall(two, 'z', 'hangup', at)).toBeNull();
    const ended = endCall(two, 'hangup', at);
    if (!ended) throw new Error('no end');
    expect(endCall(ended, 'missed', at)).toBeNull();
  });
});
