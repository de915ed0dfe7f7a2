import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { usersRepositoryFactories } from '../testing/users-repositories.fixture.js';

const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));

repositoryContract('BlockRepository', usersRepositoryFactories, (repos) => {
  it('adds a block once, sees it from both sides, and removes it', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    expect(await repos().blocks.add({ blockerId: a, blockedId: b, createdAt: t(1) })).toBe(true);
    expect(await repos().blocks.add({ blockerId: a, blockedId: b, createdAt: t(2) })).toBe(false);
    expect(await repos().blocks.between(a, b)).toBe(true);
    expect(await repos().blocks.between(b, a)).toBe(true);
    expect(await repos().blocks.between(a, c)).toBe(false);
    expect(await repos().blocks.has(a, b)).toBe(true);
    expect(await repos().blocks.has(b, a)).toBe(false);
    expect(await repos().blocks.remove(b, a)).toBe(false);
    expect(await repos().blocks.remove(a, b)).toBe(true);
    expect(await repos().blocks.between(a, b)).toBe(false);
  });

  it('lists who blocked a user', async () => {
    const [me, x, y, z] = [newId(), newId(), newId(), newId()];
    await repos().blocks.add({ blockerId: x, blockedId: me, createdAt: t(1) });
    await repos().blocks.add({ blockerId: y, blockedId: me, createdAt: t(2) });
    await repos().blocks.add({ blockerId: me, blockedId: z, createdAt: t(3) });
    expect((await repos().blocks.blockersOf(me)).sort()).toEqual([x, y].sort());
    expect(await repos().blocks.blockersOf(z)).toEqual([me]);
  });

  it("pages a blocker's list newest first with a keyset", async () => {
    const me = newId();
    const blocked = [newId(), newId(), newId()];
    for (const [i, id] of blocked.entries()) await repos().blocks.add({ blockerId: me, blockedId: id, createdAt: t(i) });
    const first = await repos().blocks.list(me, null, 2);
    expect(first.map((b) => b.blockedId)).toEqual([blocked[2], blocked[1]]);
    const last = first.at(-1)!;
    const rest = await repos().blocks.list(me, { at: last.createdAt, id: last.blockedId }, 2);
    expect(rest).toEqual([{ blockerId: me, blockedId: blocked[0], createdAt: t(0) }]);
  });

  it('keeps one unpublished mark per call, cleared only by its own token, listed oldest first', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    await repos().blocks.markUnpublished({ blockerId: a, blockedId: b, token: 'first', since: t(1) });
    await repos().blocks.markUnpublished({ blockerId: c, blockedId: a, token: 'other', since: t(2) });
    // A second call on the same pair has a mark of its own.
    await repos().blocks.markUnpublished({ blockerId: a, blockedId: b, token: 'second', since: t(3) });
    expect(await repos().blocks.unpublished(t(10), null, 10)).toEqual([
      { blockerId: a, blockedId: b, token: 'first', since: t(1) },
      { blockerId: c, blockedId: a, token: 'other', since: t(2) },
      { blockerId: a, blockedId: b, token: 'second', since: t(3) },
    ]);
    expect(await repos().blocks.unpublished(t(2), null, 10)).toEqual([{ blockerId: a, blockedId: b, token: 'first', since: t(1) }]);
    expect(await repos().blocks.unpublished(t(10), null, 1)).toHaveLength(1);
    // Pages on (since, token).
    expect((await repos().blocks.unpublished(t(10), { since: t(2), token: 'other' }, 10)).map((m) => m.token)).toEqual(['second']);
    expect((await repos().blocks.unpublished(t(10), { since: t(1), token: 'first' }, 1)).map((m) => m.token)).toEqual(['other']);
    // The first call finishing clears its mark only: the second call's stays until it publishes.
    expect(await repos().blocks.markPublished('first')).toBe(true);
    expect(await repos().blocks.markPublished('first')).toBe(false);
    expect((await repos().blocks.unpublished(t(10), null, 10)).map((m) => m.token)).toEqual(['other', 'second']);
  });
});
