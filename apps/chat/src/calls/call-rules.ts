import { CALL_PARTICIPANTS_MAX, type CallEndReason, ErrorCode } from '#contracts';
import { DomainError } from '#common';
import type { CallRecord } from './call.entity.js';

// The call state machine as pure functions: each takes the stored call and returns the next one (version + 1),
// or null for "nothing to change". CallsService stores the result compare-and-set and tells the sockets.

const bump = (call: CallRecord, change: Partial<CallRecord>): CallRecord => ({ ...call, ...change, version: call.version + 1 });

export const isOpen = (call: CallRecord): boolean => call.state !== 'ended';

export const participantIds = (call: CallRecord): string[] => call.participants.map((p) => p.userId);

/** Everyone a call concerns: the caller and the members it rang (call:ended goes to all of their sockets). */
export const audienceOf = (call: CallRecord): string[] => [call.initiatorId, ...call.invitees.filter((id) => id !== call.initiatorId)];

/** Joins (or, for a participant, moves the call to this socket). The first join of a callee makes the call active. */
export function joinCall(call: CallRecord, userId: string, socketId: string, at: Date): CallRecord | null {
  if (!isOpen(call)) throw new DomainError(ErrorCode.CONFLICT, 'The call has ended');
  const present = call.participants.find((p) => p.userId === userId);
  if (present) return present.socketId === socketId ? null : bump(call, { participants: call.participants.map((p) => (p.userId === userId ? { userId, socketId } : p)) });
  if (call.participants.length >= CALL_PARTICIPANTS_MAX) throw new DomainError(ErrorCode.CONFLICT, `A call takes at most ${CALL_PARTICIPANTS_MAX} participants`);
  return bump(call, {
    state: 'active',
    answeredAt: call.answeredAt ?? at,
    joined: call.joined.includes(userId) ? call.joined : [...call.joined, userId],
    declined: call.declined.filter((id) => id !== userId),
    invitees: call.invitees.includes(userId) || userId === call.initiatorId ? call.invitees : [...call.invitees, userId],
    participants: [...call.participants, { userId, socketId }],
  });
}

/** The participant leaves; the call ends (with `reason`) when fewer than two would be left, or the caller cancels the ring. */
export function leaveCall(call: CallRecord, userId: string, reason: CallEndReason, at: Date): CallRecord | null {
  if (!isOpen(call) || !call.participants.some((p) => p.userId === userId)) return null;
  const participants = call.participants.filter((p) => p.userId !== userId);
  if (call.state === 'ringing' || participants.length < 2) return endCall(call, reason, at);
  return bump(call, { participants });
}

/** A callee turns the call down: a call that no callee may still answer ends "declined". */
export function declineCall(call: CallRecord, userId: string, at: Date): CallRecord | null {
  if (!isOpen(call) || call.participants.some((p) => p.userId === userId) || call.declined.includes(userId)) return null;
  if (!call.invitees.includes(userId)) throw new DomainError(ErrorCode.FORBIDDEN, 'This call does not ring for you');
  const declined = [...call.declined, userId];
  if (call.state === 'ringing' && call.invitees.every((id) => declined.includes(id))) return endCall({ ...call, declined }, 'declined', at);
  return bump(call, { declined });
}

export function endCall(call: CallRecord, reason: CallEndReason, at: Date): CallRecord | null {
  if (!isOpen(call)) return null;
  return bump(call, { state: 'ended', reason, endedAt: at, participants: [] });
}

/** Callees still being rung: neither in the call nor having declined. */
export function stillRinging(call: CallRecord): string[] {
  return call.invitees.filter((id) => !call.joined.includes(id) && !call.declined.includes(id));
}
