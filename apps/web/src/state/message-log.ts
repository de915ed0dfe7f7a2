import type { Message } from '../api/types.js';

/** A message the user sent that the server has not stored yet (or refused). */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  content: string;
  status: 'sending' | 'failed';
  error?: string;
}

/**
 * Merges messages into a conversation's log: one entry per seq (a later version of a message, edited or deleted,
 * replaces the earlier one), kept in seq order. Live deliveries, history pages and sync replays may overlap;
 * merging by seq is what keeps them free of duplicates.
 */
export function mergeMessages(log: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return log as Message[];
  const bySeq = new Map(log.map((m) => [m.seq, m]));
  for (const message of incoming) {
    const known = bySeq.get(message.seq);
    if (!known || versionOf(message) >= versionOf(known)) bySeq.set(message.seq, message);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Later states win: created < edited (by time) < deleted. */
function versionOf(m: Message): number {
  if (m.deletedAt) return Number.MAX_SAFE_INTEGER;
  return m.editedAt ? Date.parse(m.editedAt) : 0;
}

/** A clientMsgId: unique per message, in the contract's alphabet [A-Za-z0-9_.:-]. */
export function newClientMsgId(): string {
  return `web-${crypto.randomUUID()}`;
}
