import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types.js';
import { mergeMessages, newClientMsgId } from './message-log.js';

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
