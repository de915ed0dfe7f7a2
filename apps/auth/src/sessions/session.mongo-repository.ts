import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { SessionRevokedReason } from '#contracts';
import { SESSION_MODEL } from '../storage/auth.mongo-schemas.js';
import type { Session } from './session.entity.js';
import { SessionRepository } from './session.repository.js';

interface SessionDocument extends Omit<Session, 'id'> {
  _id: string;
}

const toSession = ({ _id, ...rest }: SessionDocument): Session => ({ id: _id, ...rest });

@Injectable()
export class MongoSessionRepository extends SessionRepository {
  constructor(@InjectModel(SESSION_MODEL) private readonly sessions: Model<SessionDocument>) {
    super();
  }

  async create({ id, ...rest }: Session): Promise<void> {
    await this.sessions.create({ _id: id, ...rest });
  }

  async findById(id: string): Promise<Session | null> {
    const doc = await this.sessions.findById(id).lean<SessionDocument>().exec();
    return doc ? toSession(doc) : null;
  }

  async rotateRefresh(id: string, expectedHash: string, newHash: string, at: Date): Promise<boolean> {
    const result = await this.sessions
      .updateOne({ _id: id, refreshHash: expectedHash, revokedAt: null }, { $set: { refreshHash: newHash, lastUsedAt: at } })
      .exec();
    return result.modifiedCount === 1;
  }

  async revoke(id: string, reason: SessionRevokedReason, at: Date): Promise<boolean> {
    const result = await this.sessions
      .updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at, revokeReason: reason } })
      .exec();
    return result.modifiedCount === 1;
  }

  async revokeAllForUser(userId: string, keepId: string | null, reason: SessionRevokedReason, at: Date): Promise<string[]> {
    const filter = { userId, revokedAt: null, ...(keepId ? { _id: { $ne: keepId } } : {}) };
    const live = await this.sessions.find(filter, { _id: 1 }).lean<{ _id: string }[]>().exec();
    const revoked: string[] = [];
    // One conditional update per session so the returned ids are exactly the ones this call revoked.
    for (const { _id } of live) {
      if (await this.revoke(_id, reason, at)) revoked.push(_id);
    }
    return revoked;
  }

  async listActive(userId: string): Promise<Session[]> {
    const docs = await this.sessions
      .find({ userId, revokedAt: null })
      .sort({ lastUsedAt: -1, _id: -1 })
      .lean<SessionDocument[]>()
      .exec();
    return docs.map(toSession);
  }

  async touch(id: string, at: Date, olderThan: Date): Promise<void> {
    await this.sessions.updateOne({ _id: id, lastUsedAt: { $lt: olderThan } }, { $set: { lastUsedAt: at } }).exec();
  }
}
