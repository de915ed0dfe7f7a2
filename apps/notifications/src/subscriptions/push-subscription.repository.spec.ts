import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { notificationsRepositoryFactories } from '../testing/notifications-repositories.fixture.js';
import type { PushSubscriptionRecord } from './push-subscription.entity.js';

const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));
const subscription = (userId: string, n: number, endpoint = `https://push.example/${newId()}`): PushSubscriptionRecord => ({
  id: newId(),
  userId,
  endpoint,
  p256dh: `key${n}`,
  auth: `auth${n}`,
  userAgent: null,
  createdAt: t(n),
  lastSuccessAt: null,
});

repositoryContract('PushSubscriptionRepository', notificationsRepositoryFactories, (repos) => {
  it('keeps one subscription per endpoint: saving it again (even as another user) keeps its id and takes the new owner and keys', async () => {
    const [alice, bob] = [newId(), newId()];
    const first = subscription(alice, 1);
    expect(await repos().subscriptions.save(first, 10)).toBe(first.id);
    const again = { ...subscription(bob, 2, first.endpoint), p256dh: 'rotated' };
    expect(await repos().subscriptions.save(again, 10)).toBe(first.id);
    expect(await repos().subscriptions.listByUser(alice)).toEqual([]);
    expect(await repos().subscriptions.listByUser(bob)).toEqual([{ ...first, userId: bob, p256dh: 'rotated', auth: 'auth2' }]);
  });

  it("keeps a user's newest `keep` subscriptions, newest first, and leaves other users' alone", async () => {
    const [alice, bob] = [newId(), newId()];
    const other = subscription(bob, 0);
    await repos().subscriptions.save(other, 2);
    const mine = [1, 2, 3].map((n) => subscription(alice, n));
    for (const s of mine) await repos().subscriptions.save(s, 2);
    expect((await repos().subscriptions.listByUser(alice)).map((s) => s.id)).toEqual([mine[2]?.id, mine[1]?.id]);
    expect((await repos().subscriptions.listByUser(bob)).map((s) => s.id)).toEqual([other.id]);
  });

  it("lists the subscriptions of several users in one read, and nobody else's", async () => {
    const [alice, bob, carol] = [newId(), newId(), newId()];
    const saved = [subscription(alice, 1), subscription(alice, 2), subscription(bob, 3), subscription(carol, 4)];
    for (const s of saved) await repos().subscriptions.save(s, 10);
    const ids = (await repos().subscriptions.listByUsers([alice, bob, newId()])).map((s) => s.id).sort();
    expect(ids).toEqual([saved[0]?.id, saved[1]?.id, saved[2]?.id].sort());
    expect(await repos().subscriptions.listByUsers([])).toEqual([]);
  });

  it("removes only the owner's subscription (or anyone's when no owner is given) and records a success", async () => {
    const [alice, bob] = [newId(), newId()];
    const s = subscription(alice, 1);
    await repos().subscriptions.save(s, 10);
    expect(await repos().subscriptions.remove(s.id, bob)).toBe(false);
    await repos().subscriptions.markSuccess(s.id, t(9));
    expect((await repos().subscriptions.listByUser(alice))[0]?.lastSuccessAt).toEqual(t(9));
    expect(await repos().subscriptions.remove(s.id, null)).toBe(true);
    expect(await repos().subscriptions.remove(s.id, alice)).toBe(false);
  });
});

repositoryContract('PreferenceRepository', notificationsRepositoryFactories, (repos) => {
  it('stores preferences per user and lists who turned pushes off', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    expect(await repos().preferences.get(a)).toBeNull();
    await repos().preferences.put(a, { push: false, email: 'all' }, t(1));
    await repos().preferences.put(b, { push: true, email: 'never' }, t(1));
    await repos().preferences.put(b, { push: false, email: 'mentions' }, t(2));
    await repos().preferences.put(b, { push: true, email: 'mentions' }, t(3));
    expect(await repos().preferences.get(a)).toEqual({ push: false, email: 'all' });
    expect(await repos().preferences.get(b)).toEqual({ push: true, email: 'mentions' });
    expect([...(await repos().preferences.pushDisabled([a, b, c]))]).toEqual([a]);
    expect(await repos().preferences.pushDisabled([])).toEqual(new Set());
  });
});

repositoryContract('PushDeliveryRepository', notificationsRepositoryFactories, (repos) => {
  it('claims a (message, subscription) once, settles it, releases only an unsettled claim, and prunes old records', async () => {
    const [m, s, s2] = [newId(), newId(), newId()];
    expect(await repos().deliveries.claim(m, s, t(1))).toBe(true);
    expect(await repos().deliveries.claim(m, s, t(2))).toBe(false);
    expect(await repos().deliveries.state(m, s)).toBe('sending');
    await repos().deliveries.settle(m, s, 'sent', t(3));
    expect(await repos().deliveries.state(m, s)).toBe('sent');
    await repos().deliveries.release(m, s);
    expect(await repos().deliveries.claim(m, s, t(4))).toBe(false);

    expect(await repos().deliveries.claim(m, s2, t(5))).toBe(true);
    await repos().deliveries.release(m, s2);
    expect(await repos().deliveries.state(m, s2)).toBeNull();
    expect(await repos().deliveries.claim(m, s2, t(6))).toBe(true);

    expect(await repos().deliveries.prune(t(4))).toBe(1);
    expect(await repos().deliveries.state(m, s)).toBeNull();
    expect(await repos().deliveries.state(m, s2)).toBe('sending');
  });
});
