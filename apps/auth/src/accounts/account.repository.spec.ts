import { expect, it } from '@jest/globals';
import { DuplicateKeyError, newId } from '#common';
import { repositoryContract } from '#common/testing';
import { authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import type { Account } from './account.entity.js';
import { LastAdminError } from './last-admin.error.js';
import { anAccount } from '../testing/account.fixture.js';

const account = anAccount;

const event = (subject: string) => ({ id: newId(), subject, payload: { n: subject }, createdAt: new Date() });

repositoryContract('AccountRepository', authRepositoryFactories, (repos) => {
  it('stores an account and finds it by id, username and email regardless of case', async () => {
    const a = account({ username: 'Alice', email: 'Alice@Example.com' });
    await repos().accounts.create(a, []);
    expect(await repos().accounts.findById(a.id)).toEqual(a);
    expect((await repos().accounts.findByUsername('aLiCe'))?.id).toBe(a.id);
    expect((await repos().accounts.findByEmail('alice@example.COM'))?.id).toBe(a.id);
    expect(await repos().accounts.findByUsername('bob')).toBeNull();
  });

  it('refuses a username or email that differs only in case, naming the field', async () => {
    await repos().accounts.create(account({ username: 'Carol', email: 'carol@example.com' }), []);
    await expect(repos().accounts.create(account({ username: 'CAROL' }), [])).rejects.toEqual(
      new DuplicateKeyError('username'),
    );
    await expect(repos().accounts.create(account({ email: 'CAROL@example.com' }), [])).rejects.toEqual(
      new DuplicateKeyError('email'),
    );
  });

  it('writes no outbox event when the account is refused', async () => {
    await repos().accounts.create(account({ username: 'dave' }), [event('first')]);
    await expect(repos().accounts.create(account({ username: 'Dave' }), [event('second')])).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    expect((await repos().outbox.pending(10)).map((e) => e.subject)).toEqual(['first']);
  });

  it('updates fields with their events and keeps uniqueness on rename', async () => {
    const a = account({ username: 'erin' });
    const b = account({ username: 'frank' });
    await repos().accounts.create(a, []);
    await repos().accounts.create(b, []);
    const renamed = await repos().accounts.update(a.id, { username: 'Erin2' }, () => [event('renamed')]);
    expect(renamed?.username).toBe('Erin2');
    expect((await repos().accounts.findByUsername('erin2'))?.id).toBe(a.id);
    expect(await repos().accounts.findByUsername('erin')).toBeNull();
    await expect(repos().accounts.update(b.id, { username: 'ERIN2' }, () => [event('refused')])).rejects.toEqual(
      new DuplicateKeyError('username'),
    );
    expect((await repos().accounts.findById(b.id))?.username).toBe('frank');
    expect((await repos().outbox.pending(10)).map((e) => e.subject)).toEqual(['renamed']);
    expect(await repos().accounts.update(newId(), { disabled: true }, () => [event('ghost')])).toBeNull();
  });

  it('builds update events from the account as it is after the write, even under concurrent updates', async () => {
    const a = account({ username: 'grace', email: 'grace@example.com' });
    await repos().accounts.create(a, []);
    const snapshot = (subject: string) => (after: Account) => [
      { ...event(subject), payload: { username: after.username, email: after.email, disabled: after.disabled } },
    ];
    await Promise.all([
      repos().accounts.update(a.id, { username: 'grace2' }, snapshot('rename')),
      repos().accounts.update(a.id, { email: 'grace2@example.com' }, snapshot('email')),
      repos().accounts.update(a.id, { disabled: true }, snapshot('disable')),
    ]);
    const pending = await repos().outbox.pending(10);
    expect(pending).toHaveLength(3);
    // Whatever the order, the last event describes the final state: no update is lost from the read copies.
    const final = await repos().accounts.findById(a.id);
    expect(pending.at(-1)?.payload).toEqual({ username: final?.username, email: final?.email, disabled: final?.disabled });
    expect(final).toMatchObject({ username: 'grace2', email: 'grace2@example.com', disabled: true });
  });

  it("keeps each event's traceparent (the trace of the request that wrote it), and none when there was none", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await repos().accounts.create(account(), [{ ...event('traced'), createdAt: new Date(1000), traceparent }]);
    await repos().accounts.create(account(), [{ ...event('untraced'), createdAt: new Date(2000) }]);
    const pending = await repos().outbox.pending(10);
    expect(pending.map((e) => [e.subject, e.traceparent])).toEqual([
      ['traced', traceparent],
      ['untraced', undefined],
    ]);
  });

  it('hands out pending events oldest first and forgets them once published', async () => {
    const a = account();
    const b = account();
    await repos().accounts.create(a, [{ ...event('a1'), createdAt: new Date(1000) }]);
    await repos().accounts.create(b, [{ ...event('b1'), createdAt: new Date(2000) }]);
    await repos().accounts.update(a.id, { disabled: true }, () => [{ ...event('a2'), createdAt: new Date(3000) }]);
    const pending = await repos().outbox.pending(10);
    expect(pending.map((e) => e.subject)).toEqual(['a1', 'b1', 'a2']);
    expect(pending[0]?.payload).toEqual({ n: 'a1' });
    await repos().outbox.markPublished([pending[0].id, pending[1].id]);
    expect((await repos().outbox.pending(10)).map((e) => e.subject)).toEqual(['a2']);
    expect((await repos().outbox.pending(1)).length).toBe(1);
  });

  it('sets and clears emailVerified through update', async () => {
    const a = account();
    await repos().accounts.create(a, []);
    expect((await repos().accounts.update(a.id, { emailVerified: true }))?.emailVerified).toBe(true);
    const moved = await repos().accounts.update(a.id, { email: `new-${a.email}`, emailVerified: false });
    expect(moved?.emailVerified).toBe(false);
    expect((await repos().accounts.findById(a.id))?.emailVerified).toBe(false);
  });

  it('marks the email verified only while the account still has that address (any case)', async () => {
    const a = account({ email: 'Heidi@Example.com' });
    await repos().accounts.create(a, []);
    expect(await repos().accounts.markEmailVerified(a.id, 'other@example.com')).toBe(false);
    expect((await repos().accounts.findById(a.id))?.emailVerified).toBe(false);
    expect(await repos().accounts.markEmailVerified(a.id, 'heidi@example.COM')).toBe(true);
    expect((await repos().accounts.findById(a.id))?.emailVerified).toBe(true);
    expect(await repos().accounts.markEmailVerified(newId(), 'heidi@example.com')).toBe(false);
    // A later update still applies on top (the MongoDB adapter's compare-and-swap sees the new revision).
    expect((await repos().accounts.update(a.id, { username: 'heidi2' }))?.emailVerified).toBe(true);
  });
});

repositoryContract('AccountRepository (administration)', authRepositoryFactories, (repos) => {
  it('lists by username or email prefix, status and role, paged by (username, id)', async () => {
    const ann = anAccount({ username: 'ann', email: 'ann@example.com', roles: ['admin'] });
    const andy = anAccount({ username: 'Andy', email: 'zz@example.com', disabled: true });
    const bob = anAccount({ username: 'bob', email: 'andrew@example.com', roles: ['moderator'] });
    const carl = anAccount({ username: 'carl', email: 'carl@example.com' });
    for (const a of [ann, andy, bob, carl]) await repos().accounts.create(a, []);
    const names = (list: Account[]) => list.map((a) => a.username);
    expect(names(await repos().accounts.list({ prefix: 'an', after: null, limit: 10 }))).toEqual(['Andy', 'ann', 'bob']);
    expect(names(await repos().accounts.list({ prefix: '', disabled: true, after: null, limit: 10 }))).toEqual(['Andy']);
    expect(names(await repos().accounts.list({ prefix: '', role: 'moderator', after: null, limit: 10 }))).toEqual(['bob']);
    const first = await repos().accounts.list({ prefix: '', after: null, limit: 2 });
    const last = first[1];
    const rest = await repos().accounts.list({ prefix: '', after: { key: last.username.toLowerCase(), id: last.id }, limit: 10 });
    expect([...names(first), ...names(rest)]).toEqual(['Andy', 'ann', 'bob', 'carl']);
    // LIKE wildcards in the prefix are literal characters.
    expect(await repos().accounts.list({ prefix: '%', after: null, limit: 10 })).toEqual([]);
  });

  it('changes roles; a write that would leave no enabled admin is refused and changes nothing', async () => {
    const a = anAccount();
    const b = anAccount();
    await repos().accounts.create(a, []);
    await repos().accounts.create(b, []);
    expect((await repos().accounts.update(a.id, { roles: ['admin'] }))?.roles).toEqual(['admin']);
    await repos().accounts.update(b.id, { roles: ['admin'] });
    expect(await repos().accounts.updateKeepingAnAdmin(b.id, { disabled: true }, () => [event('b-disabled')])).toMatchObject({ disabled: true });
    await expect(repos().accounts.updateKeepingAnAdmin(a.id, { roles: ['user'] }, () => [event('a-demoted')])).rejects.toBeInstanceOf(LastAdminError);
    await expect(repos().accounts.updateKeepingAnAdmin(a.id, { disabled: true })).rejects.toBeInstanceOf(LastAdminError);
    expect(await repos().accounts.findById(a.id)).toMatchObject({ roles: ['admin'], disabled: false });
    expect((await repos().outbox.pending(10)).map((e) => e.subject)).toEqual(['b-disabled']);
    // Changes that keep the role pass, and a plain user is never refused, even with no admin at all.
    expect(await repos().accounts.updateKeepingAnAdmin(a.id, { username: 'still_admin' })).toMatchObject({ roles: ['admin'] });
    const plain = anAccount();
    await repos().accounts.create(plain, []);
    await repos().accounts.update(a.id, { roles: ['user'] });
    expect(await repos().accounts.updateKeepingAnAdmin(plain.id, { disabled: true })).toMatchObject({ disabled: true });
    expect(await repos().accounts.updateKeepingAnAdmin(newId(), { disabled: true })).toBeNull();
  });

  it('of two auth replicas demoting the last two admins at once, exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const a = anAccount({ roles: ['admin'] });
      const b = anAccount({ roles: ['admin'] });
      await repos().accounts.create(a, []);
      await repos().accounts.create(b, []);
      // Two repository instances, each on its own connection to the same store, as two auth processes are.
      const results = await Promise.allSettled([
        repos().accounts.updateKeepingAnAdmin(a.id, { roles: ['user'] }),
        repos().otherReplica.accounts.updateKeepingAnAdmin(b.id, round % 2 === 0 ? { roles: ['moderator'] } : { disabled: true }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.status === 'rejected' ? refused.reason : null).toBeInstanceOf(LastAdminError);
      const remaining = [await repos().accounts.findById(a.id), await repos().accounts.findById(b.id)].filter((x) => x?.roles.includes('admin') && !x.disabled);
      expect(remaining).toHaveLength(1);
      // The next round starts from no enabled admin.
      for (const x of remaining) if (x) await repos().accounts.update(x.id, { roles: ['user'] });
    }
  });
});
