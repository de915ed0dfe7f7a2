import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { chatRepositoryFactories } from '../testing/chat-repositories.fixture.js';

repositoryContract('BlockCopyRepository', chatRepositoryFactories, (repos) => {
  it('answers either direction, keeps the newest state of a pair whatever the order, and applies repeats harmlessly', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    expect(await repos().blocks.between(a, b)).toBe(false);
    await repos().blocks.apply({ blockerId: a, blockedId: b, blocked: true, seq: 5 });
    await repos().blocks.apply({ blockerId: a, blockedId: b, blocked: true, seq: 5 });
    expect(await repos().blocks.between(a, b)).toBe(true);
    expect(await repos().blocks.between(b, a)).toBe(true);
    expect(await repos().blocks.between(a, c)).toBe(false);

    await repos().blocks.apply({ blockerId: a, blockedId: b, blocked: false, seq: 7 });
    expect(await repos().blocks.between(b, a)).toBe(false);
    // an older block delivered late does not bring the pair back
    await repos().blocks.apply({ blockerId: a, blockedId: b, blocked: true, seq: 6 });
    expect(await repos().blocks.between(a, b)).toBe(false);

    // each direction is its own block
    await repos().blocks.apply({ blockerId: b, blockedId: a, blocked: true, seq: 8 });
    expect(await repos().blocks.between(a, b)).toBe(true);
  });
});
