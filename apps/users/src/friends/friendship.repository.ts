import type { FriendRequest, Friendship, TimeCursor } from './friendship.entity.js';

/**
 * Port for friend requests and friendships. A pair has at most one request per direction (primary key)
 * and one friendship, stored once per direction. Every write is idempotent, so concurrent or repeated
 * transitions converge on the same state.
 */
export abstract class FriendshipRepository {
  /** Returns false if that request already existed. */
  abstract addRequest(request: FriendRequest): Promise<boolean>;
  abstract findRequest(fromId: string, toId: string): Promise<FriendRequest | null>;
  /** Returns false if there was no such request. */
  abstract deleteRequest(fromId: string, toId: string): Promise<boolean>;
  /** Requests to and from the user, oldest first. */
  abstract requestsOf(userId: string): Promise<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>;
  /**
   * Consumes the request fromId → toId and, if this call consumed it, records the friendship (both
   * directions) and removes the request the other way. Returns whether this call consumed it: of an accept,
   * a decline and a cancel racing for one request exactly one wins.
   */
  abstract acceptRequest(fromId: string, toId: string, since: Date): Promise<boolean>;
  abstract findFriendship(userId: string, friendId: string): Promise<Friendship | null>;
  /** Removes the friendship and the requests between the two, either way; returns whether anything existed. */
  abstract unlink(a: string, b: string): Promise<{ friendship: boolean; requests: boolean }>;
  /** The user's friendships, newest first, strictly after the cursor. */
  abstract listFriends(userId: string, after: TimeCursor | null, limit: number): Promise<Friendship[]>;
  abstract countFriends(userId: string): Promise<number>;
}
