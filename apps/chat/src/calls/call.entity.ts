import type { CallEndReason, CallLogEntry, CallMedia, CallState } from '#contracts';

/** A participant in the call now, with the one socket its signals go to. */
export interface CallParticipant {
  userId: string;
  socketId: string;
}

export interface CallRecord {
  id: string;
  conversationId: string;
  initiatorId: string;
  media: CallMedia;
  state: CallState;
  reason: CallEndReason | null;
  /** The members the call rang for (all but the caller). */
  invitees: string[];
  declined: string[];
  /** Everyone who was ever in the call (the caller first): call.ended's participantIds. */
  joined: string[];
  participants: CallParticipant[];
  /** Bumped by every change: updates are compare-and-set on it. */
  version: number;
  createdAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  startedSeq: number;
  endedSeq: number | null;
}

/** What the log's call.started / call.ended say about a call. */
export function callLogEntry(call: CallRecord): CallLogEntry {
  if (call.state !== 'ended') return { callId: call.id, media: call.media, participantIds: [call.initiatorId] };
  const durationSeconds = call.answeredAt && call.endedAt ? Math.max(0, Math.round((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000)) : 0;
  return { callId: call.id, media: call.media, participantIds: call.joined, durationSeconds, reason: call.reason ?? 'hangup' };
}
