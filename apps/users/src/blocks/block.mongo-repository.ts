import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import type { TimeCursor } from '../friends/friendship.entity.js';
import { BLOCK_MODEL, UNPUBLISHED_BLOCK_CHANGE_MODEL } from '../storage/users.mongo-schemas.js';
import type { Block, UnpublishedBlockChange } from './block.entity.js';
import { BlockRepository } from './block.repository.js';

type BlockDocument = Block & { _id: unknown };

const toBlock = ({ blockerId, blockedId, createdAt }: BlockDocument): Block => ({ blockerId, blockedId, createdAt });

@Injectable()
export class MongoBlockRepository extends BlockRepository {
  constructor(
    @InjectModel(BLOCK_MODEL) private readonly blocks: Model<Block>,
    @InjectModel(UNPUBLISHED_BLOCK_CHANGE_MODEL) private readonly marks: Model<UnpublishedBlockChange>,
  ) {
    super();
  }

  async add(block: Block): Promise<boolean> {
    try {
      const result = await this.blocks
        .updateOne(
          { blockerId: block.blockerId, blockedId: block.blockedId },
          { $setOnInsert: { createdAt: block.createdAt } },
          { upsert: true },
        )
        .exec();
      return result.upsertedCount === 1;
    } catch (error) {
      if (mongoUniqueViolation(error)) return false;
      throw error;
    }
  }

  async remove(blockerId: string, blockedId: string): Promise<boolean> {
    return (await this.blocks.deleteOne({ blockerId, blockedId }).exec()).deletedCount > 0;
  }

  async has(blockerId: string, blockedId: string): Promise<boolean> {
    return (await this.blocks.exists({ blockerId, blockedId }).exec()) !== null;
  }

  async between(a: string, b: string): Promise<boolean> {
    const found = await this.blocks
      .exists({ $or: [{ blockerId: a, blockedId: b }, { blockerId: b, blockedId: a }] })
      .exec();
    return found !== null;
  }

  async blockersOf(userId: string): Promise<string[]> {
    const docs = await this.blocks.find({ blockedId: userId }, { blockerId: 1 }).lean<{ blockerId: string }[]>().exec();
    return docs.map((doc) => doc.blockerId);
  }

  async list(blockerId: string, after: TimeCursor | null, limit: number): Promise<Block[]> {
    const filter = after
      ? { blockerId, $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, blockedId: { $lt: after.id } }] }
      : { blockerId };
    const docs = await this.blocks
      .find(filter)
      .sort({ createdAt: -1, blockedId: -1 })
      .limit(limit)
      .lean<BlockDocument[]>()
      .exec();
    return docs.map(toBlock);
  }

  async markUnpublished({ blockerId, blockedId, token, since }: UnpublishedBlockChange): Promise<void> {
    try {
      await this.marks.updateOne({ blockerId, blockedId }, { $set: { token, since } }, { upsert: true }).exec();
    } catch (error) {
      // Two upserts of one new pair race on the unique index: the loser's update then finds the winner's document.
      if (!mongoUniqueViolation(error)) throw error;
      await this.marks.updateOne({ blockerId, blockedId }, { $set: { token, since } }).exec();
    }
  }

  async markPublished(blockerId: string, blockedId: string, token: string): Promise<boolean> {
    return (await this.marks.deleteOne({ blockerId, blockedId, token }).exec()).deletedCount > 0;
  }

  async unpublished(before: Date, limit: number): Promise<UnpublishedBlockChange[]> {
    const docs = await this.marks
      .find({ since: { $lt: before } }, { _id: 0 })
      .sort({ since: 1, blockerId: 1, blockedId: 1 })
      .limit(limit)
      .lean<UnpublishedBlockChange[]>()
      .exec();
    return docs.map(({ blockerId, blockedId, token, since }) => ({ blockerId, blockedId, token, since }));
  }
}
