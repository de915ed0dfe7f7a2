import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import type { EmailToken } from './email-token.entity.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function token(overrides: Partial<EmailToken> = {}): EmailToken {
  return {
    hash: `h-${newId()}`,
    userId: 'user-1',
    purpose: 'reset_password',
    email: 'a@example.com',
    createdAt: at(0),
    expiresAt: at(30),
    usedAt: null,
    ...overrides,
  };
}

repositoryContract('EmailTokenRepository', authRepositoryFactories, (repos) => {
  it('consumes a live token once and returns it as stored', async () => {
    const t = token();
    await repos().emailTokens.create(t);
    expect(await repos().emailTokens.consume(t.hash, 'reset_password', at(1))).toEqual(t);
    expect(await repos().emailTokens.consume(t.hash, 'reset_password', at(2))).toBeNull();
  });

  it('of concurrent uses of one token exactly one succeeds', async () => {
    const t = token();
    await repos().emailTokens.create(t);
    const results = await Promise.all(Array.from({ length: 5 }, () => repos().emailTokens.consume(t.hash, 'reset_password', at(1))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('refuses an unknown hash, another purpose and an expired token', async () => {
    const t = token({ purpose: 'verify_email' });
    await repos().emailTokens.create(t);
    expect(await repos().emailTokens.consume(`h-${newId()}`, 'verify_email', at(1))).toBeNull();
    expect(await repos().emailTokens.consume(t.hash, 'reset_password', at(1))).toBeNull();
    expect(await repos().emailTokens.consume(t.hash, 'verify_email', at(30))).toBeNull();
    // Refusals spend nothing: still usable within its lifetime.
    expect(await repos().emailTokens.consume(t.hash, 'verify_email', at(29))).not.toBeNull();
  });

  it('spends every unused token of a user for one purpose only', async () => {
    const a = token();
    const b = token();
    const verify = token({ purpose: 'verify_email' });
    const stranger = token({ userId: 'user-2' });
    for (const t of [a, b, verify, stranger]) await repos().emailTokens.create(t);
    await repos().emailTokens.consume(a.hash, 'reset_password', at(1));
    expect(await repos().emailTokens.spendAll('user-1', 'reset_password', at(2))).toBe(1);
    expect(await repos().emailTokens.consume(b.hash, 'reset_password', at(3))).toBeNull();
    expect(await repos().emailTokens.consume(verify.hash, 'verify_email', at(3))).not.toBeNull();
    expect(await repos().emailTokens.consume(stranger.hash, 'reset_password', at(3))).not.toBeNull();
  });

  it('deletes tokens that expired before a time, used or not', async () => {
    const old = token({ expiresAt: at(10) });
    const usedOld = token({ expiresAt: at(10), usedAt: at(5) });
    const live = token({ expiresAt: at(60) });
    for (const t of [old, usedOld, live]) await repos().emailTokens.create(t);
    expect(await repos().emailTokens.deleteExpired(at(20))).toBe(2);
    expect(await repos().emailTokens.consume(live.hash, 'reset_password', at(21))).not.toBeNull();
  });
});
