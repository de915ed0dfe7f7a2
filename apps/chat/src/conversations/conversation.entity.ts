import type { ConversationType, NotificationLevel, RoomRole, RoomVisibility } from '#contracts';
import type { MessageRecord } from '../messages/message.entity.js';

export interface ConversationRecord {
  id: string;
  type: ConversationType;
  /** Direct conversations only (see pairKeyOf). */
  pairKey: string | null;
  name: string | null;
  description: string;
  visibility: RoomVisibility | null;
  createdBy: string;
  createdAt: Date;
  lastSeq: number;
  activityAt: Date;
}

export interface MemberRecord {
  conversationId: string;
  userId: string;
  role: RoomRole;
  joinedAt: Date;
  lastReadSeq: number;
  /** What the member wants to be notified about here; DEFAULT_NOTIFICATION_LEVEL until they choose. */
  notificationLevel: NotificationLevel;
}

/** A member as the conversation is created with them: the settings start at their defaults. */
export type NewMember = Omit<MemberRecord, 'notificationLevel'>;

/** A conversation as one member sees it in their list. */
export interface ConversationSummary {
  conversation: ConversationRecord;
  memberIds: string[];
  lastReadSeq: number;
  unreadCount: number;
  notificationLevel: NotificationLevel;
  lastMessage: MessageRecord | null;
}

export interface RoomSummary {
  conversation: ConversationRecord;
  memberCount: number;
}

/** Keyset position in a member's conversation list (latest activity first). */
export interface ActivityCursor {
  activityAt: Date;
  id: string;
}

/** One key per unordered pair of users: the same whichever of the two asks. */
export function pairKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
