import { describe, expect, it } from '@jest/globals';
import { RecentlyRevoked } from './recently-revoked.js';

describe('RecentlyRevoked', () => {
  it('remembers a revoked session for the window only, and forgets old ones as new ones come', () => {
    let now = 0;
    const revoked = new RecentlyRevoked(100, () => now);
    revoked.add(['a', 'b'], 'logout');
    expect(revoked.reasonOf('a')).toBe('logout');
    expect(revoked.reasonOf('c')).toBeUndefined();
    now = 60;
    revoked.add(['c'], 'revoked');
    now = 100;
    expect(revoked.reasonOf('a')).toBeUndefined();
    expect(revoked.reasonOf('c')).toBe('revoked');
    revoked.add(['d'], 'logout');
    // a and b expired and were dropped; the map does not grow with every revocation ever heard.
    expect(revoked.size).toBe(2);
    // A repeat extends the window.
    now = 150;
    revoked.add(['c'], 'account_disabled');
    now = 200;
    expect(revoked.reasonOf('c')).toBe('account_disabled');
    expect(revoked.reasonOf('d')).toBeUndefined();
  });
});
