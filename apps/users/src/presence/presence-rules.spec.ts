import { describe, expect, it } from '@jest/globals';
import { holdsLiveLease } from '#contracts';
import { partitionLeases, statusFor, sweepCorrections } from './presence-rules.js';

const alive = (replicaId: string) => replicaId !== 'gw_dead';

describe('presence rules', () => {
  it('a user is live while any of their leases belongs to a live replica', () => {
    const { live, stale } = partitionLeases(['u1.gw_a', 'u1.gw_dead', 'u2.gw_a', 'u3.gw_dead', 'not-a-lease'], alive);
    expect([...live].sort()).toEqual(['u1', 'u2']);
    expect(stale).toEqual(new Map([['gw_dead', ['u1.gw_dead', 'u3.gw_dead']]]));
    expect(partitionLeases([], alive)).toEqual({ live: new Set(), stale: new Map() });
    expect(holdsLiveLease(['u1.gw_dead', 'u1.gw_a'], alive)).toBe(true);
    expect(holdsLiveLease(['u3.gw_dead'], alive)).toBe(false);
    expect(holdsLiveLease([], alive)).toBe(false);
    expect(statusFor(true)).toBe('online');
    expect(statusFor(false)).toBe('offline');
  });

  it('a sweep takes profiles without a live lease offline and brings live users online, leaving the rest alone', () => {
    expect(sweepCorrections(['dead', 'alive'], new Set(['alive', 'missed']))).toEqual({ toOffline: ['dead'], toOnline: ['missed'] });
    expect(sweepCorrections([], new Set())).toEqual({ toOffline: [], toOnline: [] });
    expect(sweepCorrections(['a', 'a'], new Set(['a']))).toEqual({ toOffline: [], toOnline: [] });
  });
});
