import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import { FRIEND_REQUEST_MODEL, FRIENDSHIP_MODEL } from '../storage/users.mongo-schemas.js';
import type { FriendRequest, Friendship, TimeCursor } from './friendship.entity.js';
import { FriendshipRepository } from './friendship.repository.js';

const strip = <T extends { _id?: unknown }>({ _id, ...rest }: T): Omit<T, '_id'> => rest;

/** Inserts unless the unique index already holds the key; true when this call inserted. */
async function insertOnce(write: () => Promise<{ upsertedCount: number }>): Promise<boolean> {
  try {
    return (await write()).upsertedCount === 1;
  } catch (error) {
    if (mongoUniqueViolation(error)) return false;
    throw error;
  }
}

@Injectable()
export class MongoFriendshipRepository extends FriendshipRepository {
  constructor(
    @InjectModel(FRIEND_REQUEST_MODEL) private readonly requests: Model<FriendRequest>,
    @InjectModel(FRIENDSHIP_MODEL) private readonly friendships: Model<Friendship>,
  ) {
    super();
  }

  async addRequest(r: FriendRequest): Promise<boolean> {
    return insertOnce(() =>
      this.requests.updateOne({ fromId: r.fromId, toId: r.toId }, { $setOnInsert: { createdAt: r.createdAt } }, { upsert: true }).exec(),
    );
  }

  async findRequest(fromId: string, toId: string): Promise<FriendRequest | null> {
    const doc = await this.requests.findOne({ fromId, toId }).lean<FriendRequest & { _id: unknown }>().exec();
    return doc ? strip(doc) : null;
  }

  async deleteRequest(fromId: string, toId: string): Promise<boolean> {
    return (await this.requests.deleteOne({ fromId, toId }).exec()).deletedCount > 0;
  }

  async requestsOf(userId: string): Promise<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }> {
    const [incoming, outgoing] = await Promise.all([
      this.requests.find({ toId: userId }).sort({ createdAt: 1, fromId: 1 }).lean<(FriendRequest & { _id: unknown })[]>().exec(),
      this.requests.find({ fromId: userId }).sort({ createdAt: 1, toId: 1 }).lean<(FriendRequest & { _id: unknown })[]>().exec(),
    ]);
    return { incoming: incoming.map(strip), outgoing: outgoing.map(strip) };
  }

  async acceptRequest(fromId: string, toId: string, since: Date): Promise<boolean> {
    // The delete is the atomic claim, so racing accept/decline/cancel have one winner without a
    // multi-document transaction. Known limit: a crash between these writes can lose the request or
    // record the friendship in one direction only (either side can remove it and ask again).
    if ((await this.requests.deleteOne({ fromId, toId }).exec()).deletedCount === 0) return false;
    for (const [userId, friendId] of [
      [fromId, toId],
      [toId, fromId],
    ] as const) {
      await insertOnce(() => this.friendships.updateOne({ userId, friendId }, { $setOnInsert: { since } }, { upsert: true }).exec());
    }
    await this.requests.deleteOne({ fromId: toId, toId: fromId }).exec();
    return true;
  }

  async findFriendship(userId: string, friendId: string): Promise<Friendship | null> {
    const doc = await this.friendships.findOne({ userId, friendId }).lean<Friendship & { _id: unknown }>().exec();
    return doc ? strip(doc) : null;
  }

  async unlink(a: string, b: string): Promise<{ friendship: boolean; requests: boolean }> {
    const friendships = await this.friendships.deleteMany(pairFilter('userId', 'friendId', a, b)).exec();
    const requests = await this.requests.deleteMany(pairFilter('fromId', 'toId', a, b)).exec();
    return { friendship: friendships.deletedCount > 0, requests: requests.deletedCount > 0 };
  }

  async listFriends(userId: string, after: TimeCursor | null, limit: number): Promise<Friendship[]> {
    const filter = after
      ? { userId, $or: [{ since: { $lt: after.at } }, { since: after.at, friendId: { $lt: after.id } }] }
      : { userId };
    const docs = await this.friendships
      .find(filter)
      .sort({ since: -1, friendId: -1 })
      .limit(limit)
      .lean<(Friendship & { _id: unknown })[]>()
      .exec();
    return docs.map(strip);
  }

  async countFriends(userId: string): Promise<number> {
    return this.friendships.countDocuments({ userId }).exec();
  }
}

function pairFilter(left: string, right: string, a: string, b: string) {
  return { $or: [{ [left]: a, [right]: b }, { [left]: b, [right]: a }] };
}
