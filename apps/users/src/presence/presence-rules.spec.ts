import { describe, expect, it } from '@jest/globals';
import { liveUsersOf, statusFor, sweepCorrections } from './presence-rules.js';

describe('presence rules', () => {
  it('a user is live while any replica holds a lease for them', () => {
    const live = liveUsersOf(['u1.gw_a', 'u1.gw_b', 'u2.gw_a', 'not-a-lease']);
    expect([...live].sort()).toEqual(['u1', 'u2']);
    expect(liveUsersOf([])).toEqual(new Set());
    expect(statusFor(true)).toBe('online');
    expect(statusFor(false)).toBe('offline');
  });

  it('a sweep takes profiles without a lease offline and brings live users online, leaving the rest alone', () => {
    expect(sweepCorrections(['dead', 'alive'], new Set(['alive', 'missed']))).toEqual({ toOffline: ['dead'], toOnline: ['missed'] });
    expect(sweepCorrections([], new Set())).toEqual({ toOffline: [], toOnline: [] });
    expect(sweepCorrections(['a', 'a'], new Set(['a']))).toEqual({ toOffline: [], toOnline: [] });
  });
});
