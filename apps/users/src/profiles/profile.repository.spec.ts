import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { usersRepositoryFactories } from '../testing/users-repositories.fixture.js';
import { type AccountSnapshot, searchKey } from './profile.entity.js';

function account(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  const id = newId();
  return {
    id,
    username: `user_${id.slice(-8)}`,
    email: `${id.slice(-8)}@example.com`,
    disabled: false,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    version: newId(),
    ...overrides,
  };
}

const at = new Date('2026-02-01T00:00:00.000Z');

repositoryContract('ProfileRepository', usersRepositoryFactories, (repos) => {
  it('creates a profile from an account with default profile fields', async () => {
    const a = account({ username: 'Alice' });
    expect(await repos().profiles.applyAccount(a, at)).toBe(true);
    expect(await repos().profiles.findById(a.id)).toEqual({
      id: a.id,
      username: 'Alice',
      email: a.email,
      displayName: null,
      bio: '',
      avatarUrl: null,
      onlineStatus: 'offline',
      lastSeenAt: null,
      disabled: false,
      createdAt: a.createdAt,
      accountVersion: a.version,
      updatedAt: at,
    });
    expect(await repos().profiles.findById(newId())).toBeNull();
  });

  it('applies a newer version, ignores older and repeated ones, and keeps the profile fields', async () => {
    const v1 = newId();
    const v2 = newId();
    const v3 = newId();
    const a = account({ version: v2, username: 'bob' });
    await repos().profiles.applyAccount(a, at);
    await repos().profiles.updateFields(a.id, { displayName: 'Bobby', bio: 'hi' }, at);
    expect(await repos().profiles.applyAccount({ ...a, version: v1, username: 'older' }, at)).toBe(false);
    expect(await repos().profiles.applyAccount({ ...a, version: v2, username: 'same-version' }, at)).toBe(false);
    expect((await repos().profiles.findById(a.id))?.username).toBe('bob');
    expect(await repos().profiles.applyAccount({ ...a, version: v3, username: 'bob2', disabled: true }, at)).toBe(true);
    expect(await repos().profiles.findById(a.id)).toMatchObject({
      username: 'bob2',
      disabled: true,
      displayName: 'Bobby',
      bio: 'hi',
      accountVersion: v3,
    });
  });

  it('a seed (version "") creates a missing profile but never overwrites an event', async () => {
    const a = account({ username: 'carol' });
    expect(await repos().profiles.applyAccount({ ...a, version: '' }, at)).toBe(true);
    expect(await repos().profiles.applyAccount(a, at)).toBe(true);
    expect(await repos().profiles.applyAccount({ ...a, version: '', username: 'stale' }, at)).toBe(false);
    expect((await repos().profiles.findById(a.id))?.username).toBe('carol');
  });

  it('updates only the given fields and clears with null', async () => {
    const a = account();
    await repos().profiles.applyAccount(a, at);
    const later = new Date('2026-03-01T00:00:00.000Z');
    const updated = await repos().profiles.updateFields(a.id, { avatarUrl: 'https://x.example/a.png', bio: 'b' }, later);
    expect(updated).toMatchObject({ avatarUrl: 'https://x.example/a.png', bio: 'b', displayName: null, updatedAt: later });
    expect(await repos().profiles.updateFields(a.id, { avatarUrl: null }, later)).toMatchObject({ avatarUrl: null, bio: 'b' });
    expect(await repos().profiles.updateFields(newId(), { bio: 'x' }, later)).toBeNull();
  });

  it('finds by ids, leaving unknown ids out', async () => {
    const a = account();
    const b = account();
    await repos().profiles.applyAccount(a, at);
    await repos().profiles.applyAccount(b, at);
    const found = await repos().profiles.findByIds([b.id, newId(), a.id]);
    expect(found.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(await repos().profiles.findByIds([])).toEqual([]);
  });

  it('searches username or display-name prefixes case-insensitively, in (username, id) order with a keyset', async () => {
    const names = ['ann', 'Anna', 'annabel', 'bob', 'zed'];
    const made = [];
    for (const username of names) {
      const a = account({ username });
      await repos().profiles.applyAccount(a, at);
      made.push(a);
    }
    await repos().profiles.updateFields(made[4].id, { displayName: 'Annie Z' }, at);
    await repos().profiles.updateFields(made[3].id, { displayName: 'Robert' }, at);
    const disabled = account({ username: 'anne_disabled', disabled: true });
    await repos().profiles.applyAccount(disabled, at);

    const search = (prefix: string, after: { key: string; id: string } | null = null, excludeIds: string[] = []) =>
      repos().profiles.search({ prefix: searchKey(prefix), after, limit: 10, excludeIds });
    expect((await search('ANN')).map((p) => p.username)).toEqual(['ann', 'Anna', 'annabel', 'zed']);
    expect((await search('rob')).map((p) => p.username)).toEqual(['bob']);
    expect((await search('')).map((p) => p.username)).toEqual(['ann', 'Anna', 'annabel', 'bob', 'zed']);
    expect(await search('nomatch')).toEqual([]);

    const anna = made[1];
    const afterAnna = await search('ann', { key: searchKey(anna.username), id: anna.id });
    expect(afterAnna.map((p) => p.username)).toEqual(['annabel', 'zed']);
    expect((await search('ann', null, [made[0].id, made[4].id])).map((p) => p.username)).toEqual(['Anna', 'annabel']);
    expect(await search('ann', { key: 'zzz', id: '' })).toEqual([]);
    const two = await repos().profiles.search({ prefix: 'ann', after: null, limit: 2, excludeIds: [] });
    expect(two.map((p) => p.username)).toEqual(['ann', 'Anna']);
  });

  it('sets presence only on a change (one winner per transition) and lists the profiles marked online', async () => {
    const a = account();
    const b = account();
    await repos().profiles.applyAccount(a, at);
    await repos().profiles.applyAccount(b, at);
    const t1 = new Date('2026-03-01T00:00:00.000Z');
    const t2 = new Date('2026-03-01T00:01:00.000Z');
    expect(await repos().profiles.setPresence(a.id, 'online', t1)).toMatchObject({ id: a.id, onlineStatus: 'online', lastSeenAt: t1, updatedAt: at });
    expect(await repos().profiles.setPresence(a.id, 'online', t2)).toBeNull();
    expect(await repos().profiles.setPresence(b.id, 'offline', t2)).toBeNull();
    expect(await repos().profiles.setPresence(newId(), 'online', t2)).toBeNull();
    expect(await repos().profiles.listOnlineIds()).toEqual([a.id]);
    expect(await repos().profiles.setPresence(a.id, 'offline', t2)).toMatchObject({ onlineStatus: 'offline', lastSeenAt: t2 });
    expect(await repos().profiles.listOnlineIds()).toEqual([]);
  });
});
