import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { TimeCursor } from '#common';
import { AUDIT_MODEL } from '../storage/auth.mongo-schemas.js';
import type { AuditRecord } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditDocument extends Omit<AuditRecord, 'id'> {
  _id: string;
}

const toRecord = ({ _id, ...rest }: AuditDocument): AuditRecord => ({ id: _id, ...rest, reason: rest.reason ?? null });

@Injectable()
export class MongoAuditRepository extends AuditRepository {
  constructor(@InjectModel(AUDIT_MODEL) private readonly audit: Model<AuditDocument>) {
    super();
  }

  async append(record: AuditRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.audit.create({ _id: id, ...rest });
  }

  async list(before: TimeCursor | null, limit: number): Promise<AuditRecord[]> {
    const filter = before ? { $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }] } : {};
    const docs = await this.audit.find(filter).sort({ at: -1, _id: -1 }).limit(limit).lean<AuditDocument[]>().exec();
    return docs.map(toRecord);
  }
}
