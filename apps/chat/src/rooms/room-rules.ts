import type { ConversationType, RoomRole } from '#contracts';
import type { MemberRecord } from '../conversations/conversation.entity.js';

// Membership and role rules of rooms, as pure functions (unit-tested without storage).

const MANAGERS: readonly RoomRole[] = ['owner', 'admin'];

/** Owners and admins add members. */
export function canAddMembers(actor: MemberRecord): boolean {
  return MANAGERS.includes(actor.role);
}

/** Only the owner hands out or takes back the admin role. */
export function canChangeRoles(actor: MemberRecord): boolean {
  return actor.role === 'owner';
}

/** Anyone may remove themself; owners remove admins and members; admins remove members. */
export function canRemoveMember(actor: MemberRecord, target: MemberRecord): boolean {
  if (actor.userId === target.userId) return true;
  if (actor.role === 'owner') return target.role !== 'owner';
  if (actor.role === 'admin') return target.role === 'member';
  return false;
}

/** The sender deletes their message; in a room, owners and admins delete any message. */
export function canDeleteMessage(actor: MemberRecord, senderId: string, type: ConversationType): boolean {
  return actor.userId === senderId || (type === 'group' && MANAGERS.includes(actor.role));
}

/** API.md: in a direct conversation either member pins; in a room, owners and admins. */
export function canPin(actor: MemberRecord, type: ConversationType): boolean {
  return type === 'direct' || MANAGERS.includes(actor.role);
}

/**
 * Who becomes owner when `leavingId` leaves: nobody unless they are the last owner; then the
 * longest-standing admin, else the longest-standing member. `members` is longest-standing first.
 */
export function successorOf(members: MemberRecord[], leavingId: string): string | null {
  const leaving = members.find((m) => m.userId === leavingId);
  if (!leaving || leaving.role !== 'owner') return null;
  return heirOf(members.filter((m) => m.userId !== leavingId));
}

/** Who should be made owner of a room with these members (longest-standing first): null when it has an owner or nobody. */
export function heirOf(members: MemberRecord[]): string | null {
  if (members.some((m) => m.role === 'owner')) return null;
  return (members.find((m) => m.role === 'admin') ?? members[0])?.userId ?? null;
}

/** Whoever joins a room nobody is in becomes its owner, so a room is never left without one for long. */
export function roleOnJoin(memberCount: number): RoomRole {
  return memberCount === 0 ? 'owner' : 'member';
}
