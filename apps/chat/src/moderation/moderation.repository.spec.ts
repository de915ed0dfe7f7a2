import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { moderationRepositoryFactories } from '../testing/moderation-repositories.fixture.js';
import type { ReportRecord } from './moderation.entity.js';

const report = (overrides: Partial<ReportRecord> = {}): ReportRecord => ({
  id: newId(),
  reporterId: newId(),
  targetType: 'message',
  targetId: newId(),
  reason: 'spam',
  note: null,
  status: 'open',
  createdAt: new Date(),
  resolvedBy: null,
  resolution: null,
  resolvedAt: null,
  ...overrides,
});

repositoryContract('ReportRepository', moderationRepositoryFactories, (repos) => {
  it('keeps one open report per reporter and target: a second one returns the first', async () => {
    const first = report({ note: 'first' });
    expect(await repos().reports.open(first)).toEqual(first);
    const again = await repos().reports.open(report({ reporterId: first.reporterId, targetId: first.targetId, note: 'again' }));
    expect(again).toEqual(first);
    // Another reporter, or the same reporter about another target, opens a report of its own.
    const other = report({ targetId: first.targetId });
    expect((await repos().reports.open(other)).id).toBe(other.id);
  });

  it('resolves an open report once; after that the same reporter may report the target again', async () => {
    const r = await repos().reports.open(report());
    const at = new Date('2026-03-01T00:00:00Z');
    const resolved = await repos().reports.resolve(r.id, 'mod', 'dismissed', at);
    expect(resolved).toMatchObject({ id: r.id, status: 'resolved', resolvedBy: 'mod', resolution: 'dismissed', resolvedAt: at });
    expect(await repos().reports.resolve(r.id, 'other-mod', 'message_deleted', new Date())).toBeNull();
    expect(await repos().reports.resolve('unknown', 'mod', 'dismissed', new Date())).toBeNull();
    const renewed = await repos().reports.open(report({ reporterId: r.reporterId, targetId: r.targetId }));
    expect(renewed.id).not.toBe(r.id);
  });

  it('lists newest first, filtered by status, paged by (createdAt, id)', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const all = [0, 1, 2, 3].map((i) => report({ createdAt: new Date(base + i * 1000) }));
    for (const r of all) await repos().reports.open(r);
    await repos().reports.resolve(all[1].id, 'mod', 'dismissed', new Date());
    expect((await repos().reports.list(undefined, null, 10)).map((r) => r.id)).toEqual([all[3], all[2], all[1], all[0]].map((r) => r.id));
    expect((await repos().reports.list('open', null, 10)).map((r) => r.id)).toEqual([all[3], all[2], all[0]].map((r) => r.id));
    expect((await repos().reports.list('resolved', null, 10)).map((r) => r.id)).toEqual([all[1].id]);
    const page = await repos().reports.list(undefined, { at: all[2].createdAt, id: all[2].id }, 10);
    expect(page.map((r) => r.id)).toEqual([all[1].id, all[0].id]);
    expect(await repos().reports.findById(all[0].id)).toEqual(all[0]);
  });
});

repositoryContract('RoomSanctionRepository', moderationRepositoryFactories, (repos) => {
  it('mutes until a time, replacing an earlier mute; bans once', async () => {
    const [room, user] = [newId(), newId()];
    expect(await repos().sanctions.mutedUntil(room, user)).toBeNull();
    const until = new Date('2026-05-01T00:00:00Z');
    await repos().sanctions.mute(room, user, until, 'owner');
    expect(await repos().sanctions.mutedUntil(room, user)).toEqual(until);
    const later = new Date('2026-06-01T00:00:00Z');
    await repos().sanctions.mute(room, user, later, 'owner');
    expect(await repos().sanctions.mutedUntil(room, user)).toEqual(later);
    expect(await repos().sanctions.mutedUntil(newId(), user)).toBeNull();

    expect(await repos().sanctions.isBanned(room, user)).toBe(false);
    expect(await repos().sanctions.ban(room, user, 'owner', new Date())).toBe(true);
    expect(await repos().sanctions.ban(room, user, 'owner', new Date())).toBe(false);
    expect(await repos().sanctions.isBanned(room, user)).toBe(true);
    expect(await repos().sanctions.isBanned(room, newId())).toBe(false);
  });
});

repositoryContract('AnnouncementReadRepository', moderationRepositoryFactories, (repos) => {
  it('starts at 0 without a row and only ever moves forward', async () => {
    const user = newId();
    expect(await repos().announcementReads.lastRead(user)).toBe(0);
    expect(await repos().announcementReads.markRead(user, 3)).toEqual({ lastReadSeq: 3, moved: true });
    expect(await repos().announcementReads.markRead(user, 2)).toEqual({ lastReadSeq: 3, moved: false });
    expect(await repos().announcementReads.markRead(user, 3)).toEqual({ lastReadSeq: 3, moved: false });
    expect(await repos().announcementReads.markRead(user, 5)).toEqual({ lastReadSeq: 5, moved: true });
    expect(await repos().announcementReads.lastRead(newId())).toBe(0);
  });
});
