import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import type { TimeCursor } from '../friends/friendship.entity.js';
import { BLOCK_MODEL, UNPUBLISHED_BLOCK_CHANGE_MODEL } from '../storage/users.mongo-schemas.js';
import type { Block, UnpublishedBlockChange } from './block.entity.js';
import { BlockRepository } from './block.repository.js';

type BlockDocument = Block & { _id: unknown };
/** A mark's token is its `_id`. */
type MarkDocument = Omit<UnpublishedBlockChange, 'token'> & { _id: string };

const toBlock = ({ blockerId, blockedId, createdAt }: BlockDocument): Block => ({ blockerId, blockedId, createdAt });

@Injectable()
export class MongoBlockRepository extends BlockRepository {
  constructor(
    @InjectModel(BLOCK_MODEL) private readonly blocks: Model<Block>,
    @InjectModel(UNPUBLISHED_BLOCK_CHANGE_MODEL) private readonly marks: Model<MarkDocument>,
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
    await this.marks.create({ _id: token, blockerId, blockedId, since });
  }

  async markPublished(token: string): Promise<boolean> {
    return (await this.marks.deleteOne({ _id: token }).exec()).deletedCount > 0;
  }

  async unpublished(before: Date, after: Pick<UnpublishedBlockChange, 'since' | 'token'> | null, limit: number): Promise<UnpublishedBlockChange[]> {
    const filter = after
      ? { since: { $lt: before }, $or: [{ since: { $gt: after.since } }, { since: after.since, _id: { $gt: after.token } }] }
      : { since: { $lt: before } };
    const docs = await this.marks
      .find(filter)
      .sort({ since: 1, _id: 1 })
      .limit(limit)
      .lean<MarkDocument[]>()
      .exec();
    return docs.map(({ _id, blockerId, blockedId, since }) => ({ blockerId, blockedId, token: _id, since }));
  }
}
