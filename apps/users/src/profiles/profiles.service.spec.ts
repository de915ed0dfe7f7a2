import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AUTH_SUBJECTS } from '#contracts';
import { newId } from '#common';
import { type UsersServices, usersServices } from '../testing/users-services.fixture.js';

describe('ProfilesService', () => {
  let s: UsersServices;

  beforeEach(async () => {
    s = await usersServices();
  });

  afterEach(async () => {
    await s.close();
  });

  it('sends username changes to auth and applies its answer to the read copy at once', async () => {
    const caller = await s.user('before');
    const profile = await s.profiles.updateProfile({ caller, username: 'after', bio: 'new bio' });
    expect(profile).toMatchObject({ id: caller.userId, username: 'after', displayName: 'after', bio: 'new bio' });
    expect(s.auth.requests.map((r) => r.subject)).toEqual([AUTH_SUBJECTS.updateAccount]);
    expect((await s.repos.profiles.findById(caller.userId))?.username).toBe('after');
    // Searches (read copy only) already find the new name.
    expect((await s.profiles.search({ caller, search: 'aft' })).items.map((u) => u.id)).toEqual([caller.userId]);
  });

  it('changes nothing when auth refuses the new username', async () => {
    const caller = await s.user('keeper');
    s.auth.taken.add('taken');
    await expect(s.profiles.updateProfile({ caller, username: 'taken', bio: 'x' })).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    expect(await s.repos.profiles.findById(caller.userId)).toMatchObject({ username: 'keeper', bio: '' });
  });

  it('ignores account events older than what it holds', async () => {
    const caller = await s.user('current');
    const stored = await s.repos.profiles.findById(caller.userId);
    await s.profiles.applyAccountEvent({
      accountId: caller.userId,
      username: 'stale',
      email: 'stale@example.com',
      disabled: false,
      createdAt: new Date().toISOString(),
      version: '00000000-0000-7000-8000-000000000000',
    });
    expect(await s.repos.profiles.findById(caller.userId)).toEqual(stored);
  });

  it('returns profiles by ids in the order asked, leaving unknown ones out', async () => {
    const a = await s.user('aa1');
    const b = await s.user('bb1');
    const users = await s.profiles.profilesByIds({ ids: [b.userId, newId(), a.userId] });
    expect(users.map((u) => u.username)).toEqual(['bb1', 'aa1']);
  });

  it('marks a disabled account in profilesByIds (its messages stay), while it is 404 and unsearchable for others; enabling clears it', async () => {
    const caller = await s.user('viewer');
    const target = await s.user('gone1');
    const stored = await s.repos.profiles.findById(target.userId);
    const event = (disabled: boolean, version: string) => ({
      accountId: target.userId,
      username: 'gone1',
      email: stored?.email ?? '',
      disabled,
      createdAt: new Date().toISOString(),
      version,
    });
    await s.profiles.applyAccountEvent(event(true, 'ffffffff-ffff-7fff-8fff-fffffffffff0'));
    expect(await s.profiles.profilesByIds({ ids: [target.userId, caller.userId] })).toEqual([
      expect.objectContaining({ id: target.userId, disabled: true }),
      expect.not.objectContaining({ disabled: expect.anything() }),
    ]);
    await expect(s.profiles.getUser({ caller, userId: target.userId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await s.profiles.search({ caller, search: 'gone' })).items).toEqual([]);

    await s.profiles.applyAccountEvent(event(false, 'ffffffff-ffff-7fff-8fff-fffffffffff1'));
    const [back] = await s.profiles.profilesByIds({ ids: [target.userId] });
    expect(back).toMatchObject({ id: target.userId, username: 'gone1' });
    expect(back).not.toHaveProperty('disabled');
  });

  describe('profilesByIds for a user whose account event has not arrived yet', () => {
    it('looks up only the missing ids in auth, seeds them, and leaves out ids auth does not know', async () => {
      const known = await s.user('known');
      const fresh = s.auth.add('fresh'); // registered in auth; the event is still on its way
      const unknown = newId();
      const users = await s.profiles.profilesByIds({ ids: [fresh.id, unknown, known.userId] });
      expect(users.map((u) => u.username)).toEqual(['fresh', 'known']);
      expect(users[0]).toEqual({
        id: fresh.id,
        username: 'fresh',
        displayName: 'fresh',
        avatarUrl: null,
        bio: '',
        onlineStatus: 'offline',
        lastSeenAt: null,
      });
      expect(s.auth.requests.map((r) => r.payload.userId).sort()).toEqual([fresh.id, unknown].sort());
      // Seeded into the read copy: the next query needs no lookup, and the event still applies when it comes.
      expect((await s.repos.profiles.findById(fresh.id))?.accountVersion).toBe('');
      s.auth.requests.length = 0;
      expect((await s.profiles.profilesByIds({ ids: [fresh.id] })).map((u) => u.id)).toEqual([fresh.id]);
      expect(s.auth.requests).toEqual([]);
    });

    it('keeps the number of lookups in flight bounded', async () => {
      const fresh = Array.from({ length: 40 }, (_, i) => s.auth.add(`fresh${i}`));
      const users = await s.profiles.profilesByIds({ ids: fresh.map((a) => a.id) });
      expect(users.map((u) => u.id)).toEqual(fresh.map((a) => a.id));
      expect(s.auth.maxInFlight).toBeGreaterThan(1);
      expect(s.auth.maxInFlight).toBeLessThanOrEqual(16);
    });

    it('fails with SERVICE_UNAVAILABLE instead of calling the user unknown when auth does not answer', async () => {
      const known = await s.user('known2');
      expect((await s.profiles.profilesByIds({ ids: [known.userId] })).map((u) => u.id)).toEqual([known.userId]);
      const fresh = s.auth.add('fresh2');
      s.auth.down = true;
      await expect(s.profiles.profilesByIds({ ids: [known.userId, fresh.id] })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    });
  });
});
