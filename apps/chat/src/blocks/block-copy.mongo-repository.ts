import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mongoUniqueViolation } from '#common';
import { BLOCK_COPY_MODEL, type BlockCopyDocument } from '../storage/chat.mongo-schemas.js';
import { type BlockCopyChange, BlockCopyRepository } from './block-copy.repository.js';

const pairId = (blockerId: string, blockedId: string) => `${blockerId}:${blockedId}`;

@Injectable()
export class MongoBlockCopyRepository extends BlockCopyRepository {
  constructor(@InjectModel(BLOCK_COPY_MODEL) private readonly blocks: Model<BlockCopyDocument>) {
    super();
  }

  async apply(change: BlockCopyChange): Promise<void> {
    try {
      // Matches only an older state; with none, the upsert inserts — unless a newer one exists, whose _id then collides.
      await this.blocks
        .updateOne(
          { _id: pairId(change.blockerId, change.blockedId), seq: { $lt: change.seq } },
          { $set: { blockerId: change.blockerId, blockedId: change.blockedId, blocked: change.blocked, seq: change.seq } },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if (mongoUniqueViolation(error) === undefined) throw error;
    }
  }

  async between(a: string, b: string): Promise<boolean> {
    return (await this.blocks.exists({ _id: { $in: [pairId(a, b), pairId(b, a)] }, blocked: true }).exec()) !== null;
  }
}
