import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { EMAIL_TOKEN_MODEL } from '../storage/auth.mongo-schemas.js';
import type { EmailToken, EmailTokenPurpose } from './email-token.entity.js';
import { EmailTokenRepository } from './email-token.repository.js';

export interface EmailTokenDocument extends Omit<EmailToken, 'hash'> {
  _id: string;
}

const toToken = ({ _id, ...rest }: EmailTokenDocument): EmailToken => ({ hash: _id, ...rest });

@Injectable()
export class MongoEmailTokenRepository extends EmailTokenRepository {
  constructor(@InjectModel(EMAIL_TOKEN_MODEL) private readonly tokens: Model<EmailTokenDocument>) {
    super();
  }

  async create({ hash, ...rest }: EmailToken): Promise<void> {
    await this.tokens.create({ _id: hash, ...rest });
  }

  async consume(hash: string, purpose: EmailTokenPurpose, at: Date): Promise<EmailToken | null> {
    // findOneAndUpdate is atomic on one document: of two concurrent uses only one matches `usedAt: null`.
    const doc = await this.tokens
      .findOneAndUpdate(
        { _id: hash, purpose, usedAt: null, expiresAt: { $gt: at } },
        { $set: { usedAt: at } },
        { returnDocument: 'before' },
      )
      .lean<EmailTokenDocument>()
      .exec();
    return doc ? toToken(doc) : null;
  }

  async spendAll(userId: string, purpose: EmailTokenPurpose, at: Date): Promise<number> {
    const result = await this.tokens.updateMany({ userId, purpose, usedAt: null }, { $set: { usedAt: at } }).exec();
    return result.modifiedCount;
  }

  async deleteExpired(before: Date): Promise<number> {
    const result = await this.tokens.deleteMany({ expiresAt: { $lt: before } }).exec();
    return result.deletedCount;
  }
}
