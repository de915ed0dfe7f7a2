import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import type { Session } from './session.entity.js';

function session(overrides: Partial<Session> = {}): Session {
  const at = new Date(Date.UTC(2026, 0, 1));
  return {
    id: newId(),
    userId: 'user-1',
    refreshHash: `h-${newId()}`,
    userAgent: 'test',
    ip: '127.0.0.1',
    createdAt: at,
    lastUsedAt: at,
    revokedAt: null,
    revokeReason: null,
    ...overrides,
  };
}

repositoryContract('SessionRepository', authRepositoryFactories, (repos) => {
  it('stores and finds a session', async () => {
    const s = session();
    await repos().sessions.create(s);
    expect(await repos().sessions.findById(s.id)).toEqual(s);
    expect(await repos().sessions.findById(newId())).toBeNull();
  });

  it('rotates the refresh hash only from the expected value, exactly once', async () => {
    const s = session({ refreshHash: 'old' });
    await repos().sessions.create(s);
    const at = new Date(Date.UTC(2026, 0, 2));
    const results = await Promise.all([
      repos().sessions.rotateRefresh(s.id, 'old', 'new-a', at),
      repos().sessions.rotateRefresh(s.id, 'old', 'new-b', at),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await repos().sessions.findById(s.id);
    expect(['new-a', 'new-b']).toContain(stored?.refreshHash);
    expect(stored?.lastUsedAt).toEqual(at);
    expect(await repos().sessions.rotateRefresh(s.id, 'old', 'x', at)).toBe(false);
  });

  it('does not rotate a revoked session', async () => {
    const s = session({ refreshHash: 'h' });
    await repos().sessions.create(s);
    expect(await repos().sessions.revoke(s.id, 'logout', new Date())).toBe(true);
    expect(await repos().sessions.revoke(s.id, 'logout', new Date())).toBe(false);
    expect(await repos().sessions.rotateRefresh(s.id, 'h', 'h2', new Date())).toBe(false);
    expect((await repos().sessions.findById(s.id))?.revokeReason).toBe('logout');
  });

  it('revokes all other sessions of a user and lists live ones by last use', async () => {
    const keep = session({ lastUsedAt: new Date(Date.UTC(2026, 0, 3)) });
    const older = session({ lastUsedAt: new Date(Date.UTC(2026, 0, 1)) });
    const newer = session({ lastUsedAt: new Date(Date.UTC(2026, 0, 2)) });
    const stranger = session({ userId: 'user-2' });
    for (const s of [keep, older, newer, stranger]) await repos().sessions.create(s);
    expect((await repos().sessions.listActive('user-1')).map((s) => s.id)).toEqual([keep.id, newer.id, older.id]);
    const revoked = await repos().sessions.revokeAllForUser('user-1', keep.id, 'password_changed', new Date());
    expect(revoked.sort()).toEqual([older.id, newer.id].sort());
    expect((await repos().sessions.listActive('user-1')).map((s) => s.id)).toEqual([keep.id]);
    expect((await repos().sessions.listActive('user-2')).map((s) => s.id)).toEqual([stranger.id]);
    expect(await repos().sessions.revokeAllForUser('user-1', null, 'account_disabled', new Date())).toEqual([keep.id]);
  });

  it('touches lastUsedAt only when it is older than the threshold', async () => {
    const s = session({ lastUsedAt: new Date(Date.UTC(2026, 0, 1)) });
    await repos().sessions.create(s);
    const later = new Date(Date.UTC(2026, 0, 5));
    await repos().sessions.touch(s.id, later, new Date(Date.UTC(2025, 0, 1)));
    expect((await repos().sessions.findById(s.id))?.lastUsedAt).toEqual(s.lastUsedAt);
    await repos().sessions.touch(s.id, later, new Date(Date.UTC(2026, 0, 4)));
    expect((await repos().sessions.findById(s.id))?.lastUsedAt).toEqual(later);
  });
});
