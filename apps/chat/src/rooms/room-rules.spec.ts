import { describe, expect, it } from '@jest/globals';
import type { RoomRole } from '#contracts';
import type { MemberRecord } from '../conversations/conversation.entity.js';
import { canAddMembers, canChangeRoles, canDeleteMessage, canRemoveMember, heirOf, roleOnJoin, successorOf } from './room-rules.js';

let clock = 0;
const member = (userId: string, role: RoomRole): MemberRecord => ({
  conversationId: 'room',
  userId,
  role,
  joinedAt: new Date(++clock * 1000),
  lastReadSeq: 0,
  notificationLevel: 'all',
});

describe('room rules', () => {
  const owner = member('owner', 'owner');
  const admin = member('admin', 'admin');
  const plain = member('plain', 'member');
  const other = member('other', 'member');

  it('lets owners and admins add members, and only owners change roles', () => {
    expect([owner, admin, plain].map(canAddMembers)).toEqual([true, true, false]);
    expect([owner, admin, plain].map(canChangeRoles)).toEqual([true, false, false]);
  });

  it('lets anyone remove themself, owners remove non-owners, admins remove plain members only', () => {
    expect(canRemoveMember(plain, plain)).toBe(true);
    expect(canRemoveMember(owner, owner)).toBe(true);
    expect(canRemoveMember(plain, other)).toBe(false);
    expect(canRemoveMember(plain, admin)).toBe(false);
    expect(canRemoveMember(admin, plain)).toBe(true);
    expect(canRemoveMember(admin, member('admin2', 'admin'))).toBe(false);
    expect(canRemoveMember(admin, owner)).toBe(false);
    expect(canRemoveMember(owner, admin)).toBe(true);
    expect(canRemoveMember(owner, member('owner2', 'owner'))).toBe(false);
  });

  it('lets the sender delete anywhere and room owners/admins delete others’ messages, not in direct conversations', () => {
    expect(canDeleteMessage(plain, 'plain', 'direct')).toBe(true);
    expect(canDeleteMessage(plain, 'other', 'group')).toBe(false);
    expect(canDeleteMessage(admin, 'other', 'group')).toBe(true);
    expect(canDeleteMessage(owner, 'other', 'group')).toBe(true);
    expect(canDeleteMessage({ ...owner, role: 'member' }, 'other', 'direct')).toBe(false);
  });

  it('passes ownership from the last owner to the longest-standing admin, else the longest-standing member', () => {
    const o = member('o', 'owner');
    const m1 = member('m1', 'member');
    const a1 = member('a1', 'admin');
    const a2 = member('a2', 'admin');
    expect(successorOf([o, m1, a1, a2], 'o')).toBe('a1');
    expect(successorOf([o, m1, member('m2', 'member')], 'o')).toBe('m1');
    expect(successorOf([o], 'o')).toBeNull();
    // Not the last owner, or not an owner at all: nobody is promoted.
    expect(successorOf([o, member('o2', 'owner'), m1], 'o')).toBeNull();
    expect(successorOf([o, m1, a1], 'm1')).toBeNull();
    expect(successorOf([o, m1], 'stranger')).toBeNull();
  });

  it('names an heir only for a room that has members but no owner', () => {
    const m1 = member('h-m1', 'member');
    const a1 = member('h-a1', 'admin');
    expect(heirOf([m1, a1])).toBe('h-a1');
    expect(heirOf([m1])).toBe('h-m1');
    expect(heirOf([m1, member('h-o', 'owner')])).toBeNull();
    expect(heirOf([])).toBeNull();
  });

  it('makes whoever joins an empty room its owner', () => {
    expect(roleOnJoin(0)).toBe('owner');
    expect(roleOnJoin(3)).toBe('member');
  });
});
