import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import type { AuditRecord } from './audit.entity.js';

const record = (at: Date, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  id: newId(),
  actorId: newId(),
  action: 'account.disabled',
  targetType: 'user',
  targetId: newId(),
  reason: 'spam',
  at,
  ...overrides,
});

repositoryContract('AuditRepository', authRepositoryFactories, (repos) => {
  it('keeps every field of an entry, a missing reason as null', async () => {
    const entry = record(new Date('2026-01-01T00:00:00Z'), { reason: null, action: 'role.changed' });
    await repos().audit.append(entry);
    expect(await repos().audit.list(null, 10)).toEqual([entry]);
  });

  it('lists newest first and pages by (at, id) without skipping entries of the same instant', async () => {
    const same = new Date('2026-01-02T00:00:00Z');
    const entries = [record(new Date('2026-01-01T00:00:00Z')), record(same), record(same), record(new Date('2026-01-03T00:00:00Z'))];
    for (const e of entries) await repos().audit.append(e);
    const first = await repos().audit.list(null, 2);
    const last = first.at(-1) as AuditRecord;
    const second = await repos().audit.list({ at: last.at, id: last.id }, 10);
    const seen = [...first, ...second].map((e) => e.id);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set(entries.map((e) => e.id)));
    const times = [...first, ...second].map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('refuses a second entry with the same id (append-only, nothing is overwritten)', async () => {
    const entry = record(new Date());
    await repos().audit.append(entry);
    await expect(repos().audit.append({ ...entry, reason: 'changed' })).rejects.toEqual(expect.anything());
    expect((await repos().audit.list(null, 10))[0].reason).toBe(entry.reason);
  });
});
