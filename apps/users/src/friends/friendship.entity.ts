export interface FriendRequest {
  fromId: string;
  toId: string;
  createdAt: Date;
}

export interface Friendship {
  userId: string;
  friendId: string;
  since: Date;
}

/** Keyset position in a list ordered by (time, id) descending. */
export type { TimeCursor } from '#common';
