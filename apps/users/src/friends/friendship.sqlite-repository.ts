import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import { USERS_SQLITE } from '../storage/users-storage.tokens.js';
import type { FriendRequest, Friendship, TimeCursor } from './friendship.entity.js';
import { FriendshipRepository } from './friendship.repository.js';

interface RequestRow {
  from_id: string;
  to_id: string;
  created_at: string;
}

interface FriendshipRow {
  user_id: string;
  friend_id: string;
  since: string;
}

const toRequest = (row: RequestRow): FriendRequest => ({ fromId: row.from_id, toId: row.to_id, createdAt: new Date(row.created_at) });
const toFriendship = (row: FriendshipRow): Friendship => ({ userId: row.user_id, friendId: row.friend_id, since: new Date(row.since) });

@Injectable()
export class SqliteFriendshipRepository extends FriendshipRepository {
  private readonly insertRequest;
  private readonly selectRequest;
  private readonly removeRequest;
  private readonly removePairRequests;
  private readonly insertFriendship;
  private readonly selectFriendship;
  private readonly removeFriendship;
  private readonly incoming;
  private readonly outgoing;
  private readonly page;
  private readonly count;

  constructor(@Inject(USERS_SQLITE) private readonly db: SqliteDatabase) {
    super();
    this.insertRequest = db.prepare('INSERT OR IGNORE INTO friend_requests (from_id, to_id, created_at) VALUES (?, ?, ?)');
    this.selectRequest = db.prepare('SELECT * FROM friend_requests WHERE from_id = ? AND to_id = ?');
    this.removeRequest = db.prepare('DELETE FROM friend_requests WHERE from_id = ? AND to_id = ?');
    this.removePairRequests = db.prepare(
      'DELETE FROM friend_requests WHERE (from_id = @a AND to_id = @b) OR (from_id = @b AND to_id = @a)',
    );
    this.insertFriendship = db.prepare('INSERT OR IGNORE INTO friendships (user_id, friend_id, since) VALUES (?, ?, ?)');
    this.selectFriendship = db.prepare('SELECT * FROM friendships WHERE user_id = ? AND friend_id = ?');
    this.removeFriendship = db.prepare(
      'DELETE FROM friendships WHERE (user_id = @a AND friend_id = @b) OR (user_id = @b AND friend_id = @a)',
    );
    this.incoming = db.prepare('SELECT * FROM friend_requests WHERE to_id = ? ORDER BY created_at, from_id');
    this.outgoing = db.prepare('SELECT * FROM friend_requests WHERE from_id = ? ORDER BY created_at, to_id');
    this.page = db.prepare(
      `SELECT * FROM friendships
       WHERE user_id = @userId AND (@afterAt IS NULL OR since < @afterAt OR (since = @afterAt AND friend_id < @afterId))
       ORDER BY since DESC, friend_id DESC LIMIT @limit`,
    );
    this.count = db.prepare('SELECT COUNT(*) AS n FROM friendships WHERE user_id = ?');
  }

  async addRequest(r: FriendRequest): Promise<boolean> {
    return this.insertRequest.run(r.fromId, r.toId, r.createdAt.toISOString()).changes === 1;
  }

  async findRequest(fromId: string, toId: string): Promise<FriendRequest | null> {
    const row = this.selectRequest.get(fromId, toId) as RequestRow | undefined;
    return row ? toRequest(row) : null;
  }

  async deleteRequest(fromId: string, toId: string): Promise<boolean> {
    return this.removeRequest.run(fromId, toId).changes > 0;
  }

  async requestsOf(userId: string): Promise<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }> {
    return {
      incoming: (this.incoming.all(userId) as RequestRow[]).map(toRequest),
      outgoing: (this.outgoing.all(userId) as RequestRow[]).map(toRequest),
    };
  }

  async acceptRequest(fromId: string, toId: string, since: Date): Promise<boolean> {
    const at = since.toISOString();
    return this.db
      .transaction(() => {
        if (this.removeRequest.run(fromId, toId).changes === 0) return false;
        this.removeRequest.run(toId, fromId);
        this.insertFriendship.run(fromId, toId, at);
        this.insertFriendship.run(toId, fromId, at);
        return true;
      })
      .immediate();
  }

  async findFriendship(userId: string, friendId: string): Promise<Friendship | null> {
    const row = this.selectFriendship.get(userId, friendId) as FriendshipRow | undefined;
    return row ? toFriendship(row) : null;
  }

  async unlink(a: string, b: string): Promise<{ friendship: boolean; requests: boolean }> {
    return this.db
      .transaction(() => ({
        friendship: this.removeFriendship.run({ a, b }).changes > 0,
        requests: this.removePairRequests.run({ a, b }).changes > 0,
      }))
      .immediate();
  }

  async listFriends(userId: string, after: TimeCursor | null, limit: number): Promise<Friendship[]> {
    const rows = this.page.all({
      userId,
      afterAt: after?.at.toISOString() ?? null,
      afterId: after?.id ?? null,
      limit,
    }) as FriendshipRow[];
    return rows.map(toFriendship);
  }

  async countFriends(userId: string): Promise<number> {
    return (this.count.get(userId) as { n: number }).n;
  }
}
