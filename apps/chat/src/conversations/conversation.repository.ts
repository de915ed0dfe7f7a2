import type { NotificationLevel, RoomRole } from '#contracts';
import type { ChatEventRecord } from '../messages/message.entity.js';
import type {
  ActivityCursor,
  ConversationRecord,
  ConversationSummary,
  MemberRecord,
  NewMember,
  RoomSummary,
} from './conversation.entity.js';

export interface RoomListFilter {
  scope: 'public' | 'mine';
  userId: string;
  /** Lower-case part of the name. */
  search: string | null;
  /** Rooms with a smaller id (newest first). */
  beforeId: string | null;
  limit: number;
}

/**
 * Port for conversations, their members and read positions. Every membership change appends its
 * event to the conversation's sequence in the same atomic write.
 */
export abstract class ConversationRepository {
  /**
   * Stores a direct conversation with its two members unless the pair already has one (unique pair key):
   * either way returns the pair's conversation; `created` says whether this call made it.
   */
  abstract openDirect(conversation: ConversationRecord, members: NewMember[]): Promise<{ conversation: ConversationRecord; created: boolean }>;
  abstract createRoom(conversation: ConversationRecord, members: NewMember[]): Promise<void>;
  abstract findById(id: string): Promise<ConversationRecord | null>;
  abstract findByPairKey(pairKey: string): Promise<ConversationRecord | null>;
  abstract findMember(conversationId: string, userId: string): Promise<MemberRecord | null>;
  /** Longest-standing first. */
  abstract listMembers(conversationId: string): Promise<MemberRecord[]>;
  /**
   * The socket `sync` in one read: the events after each position's seq of the conversations `userId` is a member
   * of (others are skipped), by position order then seq, at most `limit` in all.
   */
  abstract syncEvents(userId: string, positions: readonly { conversationId: string; after: number }[], limit: number): Promise<ChatEventRecord[]>;
  /** Whether the log holds a membership event (`member.*`) with afterSeq < seq <= uptoSeq (MembershipCache's check). */
  abstract membershipChanged(conversationId: string, afterSeq: number, uptoSeq: number): Promise<boolean>;
  /** Adds the member (read position at the join event) and appends member.joined; null if already a member. */
  abstract addMember(conversationId: string, userId: string, role: RoomRole, at: Date): Promise<ChatEventRecord | null>;
  /** Removes the member, makes `promoteId` owner, appends member.left; null if not a member. */
  abstract removeMember(conversationId: string, userId: string, promoteId: string | null, at: Date): Promise<ChatEventRecord | null>;
  abstract setRole(conversationId: string, userId: string, role: RoomRole): Promise<void>;
  /**
   * Moves the read position forward to min(seq, lastSeq), never back. Returns the position after the call
   * and whether it moved; null if the user is not a member.
   */
  abstract markRead(conversationId: string, userId: string, seq: number): Promise<{ lastReadSeq: number; moved: boolean } | null>;
  /** Sets the member's notification level; false if the user is not a member. Not an event of the log: it concerns this member only. */
  abstract setNotificationLevel(conversationId: string, userId: string, level: NotificationLevel): Promise<boolean>;
  /** The member's conversations, latest activity first, unread counts computed from read positions. */
  abstract listForMember(userId: string, after: ActivityCursor | null, limit: number): Promise<ConversationSummary[]>;
  abstract summaryFor(conversationId: string, userId: string): Promise<ConversationSummary | null>;
  abstract listRooms(filter: RoomListFilter): Promise<RoomSummary[]>;
  abstract countMembers(conversationId: string): Promise<number>;
}
