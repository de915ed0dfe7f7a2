import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types.js';
import { applyPin, applyReaction, applyThreadReply, mergeMessages, newClientMsgId, withAnnotationsOf } from './message-log.js';

const msg = (seq: number, patch: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'c',
  seq,
  senderId: 'u',
  content: `text ${seq}`,
  clientMsgId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  kind: 'user',
  replyTo: null,
  threadId: null,
  thread: null,
  mentions: [],
  reactions: [],
  pinnedAt: null,
  pinnedBy: null,
  attachments: [],
  ...patch,
});

describe('mergeMessages', () => {
  it('keeps one entry per seq, in order, whatever overlaps (live + sync replay + history page)', () => {
    const live = mergeMessages([], [msg(3), msg(1)]);
    const merged = mergeMessages(live, [msg(2), msg(3), msg(1)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('lets a later version win: an edit over the original, a deletion over both, never the reverse', () => {
    const edited = msg(1, { content: 'new', editedAt: '2026-01-01T00:01:00.000Z' });
    const deleted = msg(1, { content: '', deletedAt: '2026-01-01T00:02:00.000Z' });
    expect(mergeMessages([msg(1)], [edited])[0]?.content).toBe('new');
    expect(mergeMessages([edited], [msg(1)])[0]?.content).toBe('new');
    expect(mergeMessages([deleted], [edited])[0]?.deletedAt).not.toBeNull();
  });
});

describe('newClientMsgId', () => {
  it('is unique and in the contract alphabet', () => {
    const a = newClientMsgId();
    expect(a).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    expect(newClientMsgId()).not.toBe(a);
  });
});

describe('reactions and pins from log events', () => {
  it('counts each user once per emoji, and drops an emoji nobody uses any more', () => {
    let m = msg(1);
    m = applyReaction(m, { emoji: '👍', userId: 'a', action: 'added' });
    m = applyReaction(m, { emoji: '👍', userId: 'b', action: 'added' });
    m = applyReaction(m, { emoji: '👍', userId: 'b', action: 'added' });
    m = applyReaction(m, { emoji: '🎉', userId: 'a', action: 'added' });
    expect(m.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: ['b', 'a'] },
      { emoji: '🎉', count: 1, userIds: ['a'] },
    ]);
    m = applyReaction(m, { emoji: '🎉', userId: 'a', action: 'removed' });
    m = applyReaction(m, { emoji: '👍', userId: 'a', action: 'removed' });
    expect(m.reactions).toEqual([{ emoji: '👍', count: 1, userIds: ['b'] }]);
  });

  it('pins and unpins', () => {
    const pinned = applyPin(msg(1), { userId: 'a', pinned: true, at: '2026-01-02T00:00:00.000Z' });
    expect([pinned.pinnedAt, pinned.pinnedBy]).toEqual(['2026-01-02T00:00:00.000Z', 'a']);
    expect(applyPin(pinned, { userId: 'b', pinned: false, at: '2026-01-03T00:00:00.000Z' }).pinnedAt).toBeNull();
  });

  it('a sync snapshot (an edit) keeps the reactions and pin the loaded message already had', () => {
    const loaded = msg(1, { reactions: [{ emoji: '👍', count: 1, userIds: ['a'] }], pinnedAt: '2026-01-02T00:00:00.000Z', pinnedBy: 'a' });
    const edited = withAnnotationsOf(msg(1, { content: 'edited', editedAt: '2026-01-04T00:00:00.000Z' }), loaded);
    expect([edited.content, edited.reactions.length, edited.pinnedBy]).toEqual(['edited', 1, 'a']);
    expect(withAnnotationsOf(msg(1, { deletedAt: '2026-01-05T00:00:00.000Z' }), loaded).reactions).toEqual([]);
  });
});

describe('applyThreadReply', () => {
  const root = msg(1, { senderId: 'alice' });
  const reply = (seq: number, senderId: string, createdAt: string) => msg(seq, { threadId: root.id, senderId, createdAt });

  it('starts a thread on the first reply, with the root sender and the replier taking part', () => {
    const once = applyThreadReply(root, reply(2, 'bob', '2026-01-01T00:01:00.000Z'), 1);
    expect(once.thread).toEqual({ replyCount: 1, lastReplyAt: '2026-01-01T00:01:00.000Z', participantIds: ['alice', 'bob'] });
    const twice = applyThreadReply(once, reply(3, 'alice', '2026-01-01T00:02:00.000Z'), 1);
    expect(twice.thread).toEqual({ replyCount: 2, lastReplyAt: '2026-01-01T00:02:00.000Z', participantIds: ['alice', 'bob'] });
  });

  it('counts a deleted reply out, and a thread with no live replies is no thread', () => {
    const one = applyThreadReply(root, reply(2, 'bob', '2026-01-01T00:01:00.000Z'), 1);
    expect(applyThreadReply(one, reply(2, 'bob', '2026-01-01T00:01:00.000Z'), -1).thread).toBeNull();
  });
});
