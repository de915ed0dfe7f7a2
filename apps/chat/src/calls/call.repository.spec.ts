import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';
import { endCall, joinCall } from './call-rules.js';
import type { CallRecord } from './call.entity.js';

const [A, B, C] = [newId(), newId(), newId()];

function draft(conversationId: string, initiatorId = A, invitees = [B], at = new Date()): Omit<CallRecord, 'startedSeq'> {
  return {
    id: newId(),
    conversationId,
    initiatorId,
    media: 'video',
    state: 'ringing',
    reason: null,
    invitees,
    declined: [],
    joined: [initiatorId],
    participants: [{ userId: initiatorId, socketId: `s-${initiatorId}` }],
    version: 1,
    createdAt: at,
    answeredAt: null,
    endedAt: null,
    endedSeq: null,
  };
}

async function direct(repos: ChatRepos) {
  return seedConversation(repos, [A, B], { type: 'direct' });
}

repositoryContract('CallRepository', chatRepositoryFactories, (repos) => {
  it('logs call.started with the next seq and keeps one open call per conversation', async () => {
    const conversation = await direct(repos());
    const first = await repos().calls.start(draft(conversation.id));
    expect(first).toMatchObject({ created: true, call: { state: 'ringing', startedSeq: 1, invitees: [B] } });
    const second = await repos().calls.start(draft(conversation.id, B, [A]));
    expect(second).toMatchObject({ created: false, call: { id: first.call.id, initiatorId: A } });
    const log = await repos().messages.events(conversation.id, 0, 10);
    expect(log.map((e) => [e.seq, e.type, e.userId, e.call])).toEqual([[1, 'call.started', A, { callId: first.call.id, media: 'video', participantIds: [A] }]]);
    expect(await repos().calls.findById(first.call.id)).toEqual(first.call);
  });

  it('resolves concurrent starts in one conversation (glare) to one call and one call.started', async () => {
    const conversation = await direct(repos());
    const results = await Promise.all([repos().calls.start(draft(conversation.id)), repos().calls.start(draft(conversation.id, B, [A]))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.call.id)).size).toBe(1);
    expect((await repos().messages.events(conversation.id, 0, 10)).map((e) => e.type)).toEqual(['call.started']);
  });

  it('updates compare-and-set on the version, ends with call.ended (duration, participants) and frees the conversation', async () => {
    const conversation = await direct(repos());
    const { call } = await repos().calls.start(draft(conversation.id, A, [B], new Date(Date.now() - 60_000)));
    const answered = joinCall(call, B, 's-b', new Date(Date.now() - 30_000));
    if (!answered) throw new Error('no join');
    expect(await repos().calls.update(answered)).toBe(true);
    expect(await repos().calls.update(answered)).toBe(false);
    expect((await repos().calls.openWith(B)).map((c) => c.id)).toEqual([call.id]);
    expect(await repos().calls.openWith(C)).toEqual([]);
    const ended = endCall(answered, 'hangup', new Date());
    if (!ended) throw new Error('no end');
    const stale = await repos().calls.end({ ...ended, version: call.version + 1 });
    expect(stale).toBeNull();
    const result = await repos().calls.end(ended);
    expect(result?.event).toMatchObject({ seq: 2, type: 'call.ended', call: { callId: call.id, participantIds: [A, B], reason: 'hangup', durationSeconds: 30 } });
    expect(await repos().calls.findById(call.id)).toMatchObject({ state: 'ended', reason: 'hangup', endedSeq: 2, participants: [] });
    expect(await repos().calls.openWith(B)).toEqual([]);
    expect((await repos().calls.start(draft(conversation.id))).created).toBe(true);
  });

  it('counts missed calls after a read position, not for their caller', async () => {
    const conversation = await direct(repos());
    const { call } = await repos().calls.start(draft(conversation.id));
    const missed = endCall(call, 'missed', new Date());
    if (!missed) throw new Error('no end');
    await repos().calls.end(missed);
    expect(await repos().calls.countMissed(conversation.id, B, 0)).toBe(1);
    expect(await repos().calls.countMissed(conversation.id, B, 2)).toBe(0);
    expect(await repos().calls.countMissed(conversation.id, A, 0)).toBe(0);
  });

  it('refuses a call in an unknown conversation and leaves nothing open', async () => {
    const conversationId = newId();
    await expect(repos().calls.start(draft(conversationId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await repos().calls.openWith(A)).toEqual([]);
  });
});
