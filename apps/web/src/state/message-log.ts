import type { Attachment, Message } from '../api/types.js';

/** A message the user sent that the server has not stored yet (or refused). */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  content: string;
  status: 'sending' | 'failed';
  error?: string;
  /** The message it quotes. */
  replyToId?: string;
  /** The thread's root, for a thread reply. */
  threadId?: string;
  /** Uploads it carries (ids go out as attachmentIds; a retry sends the same ones). */
  attachments?: Attachment[];
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

/** Shown per emoji: the count and the latest reactors (the server keeps the same cap). */
const REACTION_USERS_SHOWN = 20;

/**
 * One reaction.added / reaction.removed event applied to a message's aggregate. The caller applies each event
 * once (by its seq), so the count moves exactly with the server's rows.
 */
export function applyReaction(message: Message, change: { emoji: string; userId: string; action: 'added' | 'removed' }): Message {
  const reactions = message.reactions.map((r) => ({ ...r, userIds: [...r.userIds] }));
  const existing = reactions.find((r) => r.emoji === change.emoji);
  if (change.action === 'added') {
    if (!existing) reactions.push({ emoji: change.emoji, count: 1, userIds: [change.userId] });
    else if (!existing.userIds.includes(change.userId)) {
      existing.count += 1;
      existing.userIds = [change.userId, ...existing.userIds].slice(0, REACTION_USERS_SHOWN);
    }
  } else if (existing) {
    existing.count = Math.max(0, existing.count - 1);
    existing.userIds = existing.userIds.filter((u) => u !== change.userId);
  }
  return { ...message, reactions: reactions.filter((r) => r.count > 0) };
}

/** One message.pinned / message.unpinned event. */
export function applyPin(message: Message, change: { userId: string; pinned: boolean; at: string }): Message {
  return { ...message, pinnedAt: change.pinned ? change.at : null, pinnedBy: change.pinned ? change.userId : null };
}

/**
 * A message snapshot from the sync log carries no reactions or pin (those are events of their own, replayed
 * after it), so a snapshot that replaces a loaded message keeps what the loaded one had.
 */
export function withAnnotationsOf(snapshot: Message, known: Message | undefined): Message {
  if (!known || snapshot.deletedAt) return snapshot;
  return { ...snapshot, reactions: known.reactions, pinnedAt: known.pinnedAt, pinnedBy: known.pinnedBy, thread: known.thread ?? snapshot.thread };
}

/**
 * A thread root's summary after one of its replies appeared (+1) or was deleted (-1). Roots carry the server's
 * count when loaded; live replies and sync replays move it (the caller applies each reply event once).
 */
export function applyThreadReply(root: Message, reply: Message, delta: 1 | -1): Message {
  const summary = root.thread ?? { replyCount: 0, lastReplyAt: null, participantIds: [root.senderId] };
  const replyCount = Math.max(0, summary.replyCount + delta);
  if (replyCount === 0) return { ...root, thread: null };
  const participantIds = delta > 0 && !summary.participantIds.includes(reply.senderId) ? [...summary.participantIds, reply.senderId] : summary.participantIds;
  const lastReplyAt = delta > 0 && (!summary.lastReplyAt || reply.createdAt > summary.lastReplyAt) ? reply.createdAt : summary.lastReplyAt;
  return { ...root, thread: { replyCount, lastReplyAt, participantIds } };
}
