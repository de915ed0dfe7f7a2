import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories, type ChatRepos, seedConversation } from '../testing/chat-repositories.fixture.js';
import type { NewMessage } from './message.entity.js';

const A = newId();
const B = newId();

const draft = (conversationId: string, overrides: Partial<NewMessage> = {}): NewMessage => ({
  id: newId(),
  conversationId,
  senderId: A,
  content: 'hello',
  clientMsgId: null,
  createdAt: new Date(),
  ...overrides,
});

const seqsOf = async (repos: ChatRepos, conversationId: string) => (await repos.messages.events(conversationId, 0, 1000)).map((e) => e.seq);

repositoryContract('MessageRepository', chatRepositoryFactories, (repos) => {
  it('gives 50 concurrent appends 50 distinct consecutive seqs and a gap-free log', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => repos().messages.append(draft(room.id, { content: `m${i}`, senderId: i % 2 ? A : B }))));
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await seqsOf(repos(), room.id)).toEqual(seqs);
    expect((await repos().conversations.findById(room.id))?.lastSeq).toBe(50);
  });

  it('answers a repeated (senderId, clientMsgId) with the original and writes nothing', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const first = await repos().messages.append(draft(room.id, { clientMsgId: 'k1', content: 'original' }));
    expect(first.duplicate).toBe(false);
    expect(first.event).toMatchObject({ seq: 1, type: 'message.created', userId: A });
    const again = await repos().messages.append(draft(room.id, { clientMsgId: 'k1', content: 'changed' }));
    expect(again).toEqual({ message: first.message, duplicate: true, event: null });
    const storm = await Promise.all(Array.from({ length: 10 }, () => repos().messages.append(draft(room.id, { clientMsgId: 'k2' }))));
    expect(new Set(storm.map((r) => r.message.id)).size).toBe(1);
    expect(storm.filter((r) => !r.duplicate)).toHaveLength(1);
    const other = await repos().messages.append(draft(room.id, { clientMsgId: 'k1', senderId: B }));
    expect(other.duplicate).toBe(false);
    expect(await seqsOf(repos(), room.id)).toEqual([1, 2, 3]);
  });

  it('keeps the id a reply quotes in the message, its reads and its log snapshot', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const { message: original } = await repos().messages.append(draft(room.id, { content: 'original' }));
    const { message: reply } = await repos().messages.append(draft(room.id, { content: 'reply', replyToId: original.id }));
    expect(reply.replyToId).toBe(original.id);
    expect(original.replyToId).toBeNull();
    expect((await repos().messages.findById(reply.id))?.replyToId).toBe(original.id);
    expect((await repos().messages.history(room.id, { limit: 10 })).map((m) => m.replyToId)).toEqual([original.id, null]);
    expect((await repos().messages.events(room.id, 0, 10)).map((e) => e.message?.replyToId)).toEqual([null, original.id]);
    expect((await repos().messages.edit(reply.id, 'edited reply', A, new Date()))?.message.replyToId).toBe(original.id);
  });

  it('records edits and deletes as events of their own, blanking a deleted message everywhere', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const { message } = await repos().messages.append(draft(room.id, { content: 'first' }));
    const at = new Date(Date.UTC(2026, 0, 1));
    const edited = await repos().messages.edit(message.id, 'second', A, at);
    expect(edited?.message).toEqual({ ...message, content: 'second', editedAt: at });
    expect(edited?.event).toMatchObject({ seq: 2, type: 'message.edited' });
    const deleted = await repos().messages.delete(message.id, B, at);
    expect(deleted?.message).toMatchObject({ id: message.id, seq: 1, content: '', deletedAt: at });
    expect(deleted?.event).toMatchObject({ seq: 3, type: 'message.deleted', userId: B });
    expect(await repos().messages.edit(message.id, 'third', A, at)).toBeNull();
    expect(await repos().messages.delete(message.id, A, at)).toBeNull();
    expect(await repos().messages.edit(newId(), 'x', A, at)).toBeNull();

    const events = await repos().messages.events(room.id, 0, 10);
    expect(events.map((e) => [e.seq, e.type, e.message?.content])).toEqual([
      [1, 'message.created', ''],
      [2, 'message.edited', ''],
      [3, 'message.deleted', ''],
    ]);
    expect(events[2]?.message?.deletedAt).toEqual(at);
    expect(await repos().messages.findById(message.id)).toEqual({ ...message, content: '', editedAt: at, deletedAt: at });
  });

  it('keeps each event’s snapshot of an edited message', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const { message } = await repos().messages.append(draft(room.id, { content: 'v1' }));
    await repos().messages.edit(message.id, 'v2', A, new Date());
    const events = await repos().messages.events(room.id, 0, 10);
    expect(events.map((e) => [e.message?.content, e.message?.seq, e.message?.editedAt === null])).toEqual([
      ['v1', 1, true],
      ['v2', 1, false],
    ]);
  });

  it('reads history newest first, oldest first with after, within exclusive bounds', async () => {
    const room = await seedConversation(repos(), [A, B]);
    for (let i = 1; i <= 6; i++) await repos().messages.append(draft(room.id, { content: `m${i}` }));
    const content = (list: { content: string }[]) => list.map((m) => m.content);
    expect(content(await repos().messages.history(room.id, { limit: 2 }))).toEqual(['m6', 'm5']);
    expect(content(await repos().messages.history(room.id, { before: 5, limit: 2 }))).toEqual(['m4', 'm3']);
    expect(content(await repos().messages.history(room.id, { after: 4, limit: 10 }))).toEqual(['m5', 'm6']);
    expect(content(await repos().messages.history(room.id, { after: 1, before: 4, limit: 10 }))).toEqual(['m2', 'm3']);
    expect(await repos().messages.history(room.id, { after: 6, limit: 10 })).toEqual([]);
    expect(await repos().messages.history(newId(), { limit: 10 })).toEqual([]);
  });

  it('pages the event log after a seq, and interleaves member events in one sequence', async () => {
    const room = await seedConversation(repos(), [A]);
    await repos().messages.append(draft(room.id));
    const joined = await repos().conversations.addMember(room.id, B, 'member', new Date());
    expect(joined).toMatchObject({ seq: 2, type: 'member.joined', userId: B, message: null });
    await repos().messages.append(draft(room.id, { senderId: B }));
    const left = await repos().conversations.removeMember(room.id, B, null, new Date());
    expect(left).toMatchObject({ seq: 4, type: 'member.left', userId: B });
    expect((await repos().messages.events(room.id, 1, 2)).map((e) => e.type)).toEqual(['member.joined', 'message.created']);
    expect((await repos().messages.events(room.id, 3, 10)).map((e) => e.seq)).toEqual([4]);
    expect(await repos().messages.events(room.id, 4, 10)).toEqual([]);
  });

  it('finds a stored message by its sender and clientMsgId only', async () => {
    const room = await seedConversation(repos(), [A, B]);
    const { message } = await repos().messages.append(draft(room.id, { clientMsgId: 'key-1' }));
    expect(await repos().messages.findByClientMsgId(A, 'key-1')).toEqual(message);
    expect(await repos().messages.findByClientMsgId(B, 'key-1')).toBeNull();
    expect(await repos().messages.findByClientMsgId(A, 'key-2')).toBeNull();
  });

  it('keeps the stored message equal to the replay of its log under concurrent edits and a delete', async () => {
    const room = await seedConversation(repos(), [A, B]);
    for (let round = 0; round < 5; round++) {
      const { message } = await repos().messages.append(draft(room.id, { content: 'v0' }));
      const changes = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => repos().messages.edit(message.id, `v${i + 1}`, A, new Date())),
        repos().messages.delete(message.id, A, new Date()),
      ]);
      expect(changes.at(-1)).not.toBeNull();
      const events = (await repos().messages.events(room.id, 0, 1000)).filter((e) => e.message?.id === message.id);
      const stored = await repos().messages.findById(message.id);
      // The delete is applied and is the message's last event: no edit lands after it, no text survives it.
      expect(events.at(-1)?.type).toBe('message.deleted');
      expect(stored).toMatchObject({ content: '', deletedAt: expect.any(Date) });
      expect(events.every((e) => e.message?.content === '')).toBe(true);
      expect(events.filter((e) => e.type === 'message.deleted')).toHaveLength(1);
    }
    const seqs = await seqsOf(repos(), room.id);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('refuses to append to an unknown conversation', async () => {
    await expect(repos().messages.append(draft(newId()))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
