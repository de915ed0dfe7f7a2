import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { ReportResolution, ReportStatus } from '#contracts';
import { mongoUniqueViolation, type TimeCursor } from '#common';
import type { ReportRecord } from './moderation.entity.js';
import { REPORT_MODEL, ROOM_BAN_MODEL, ROOM_MUTE_MODEL } from './moderation.mongo-schemas.js';
import { ReportRepository } from './report.repository.js';
import { RoomSanctionRepository } from './room-sanction.repository.js';

export interface ReportDocument extends Omit<ReportRecord, 'id'> {
  _id: string;
}
export interface RoomMuteDocument {
  conversationId: string;
  userId: string;
  until: Date;
  mutedBy: string;
}
export interface RoomBanDocument {
  conversationId: string;
  userId: string;
  bannedBy: string;
  bannedAt: Date;
}

const toReport = ({ _id, ...rest }: ReportDocument): ReportRecord => ({ id: _id, ...rest });

@Injectable()
export class MongoReportRepository extends ReportRepository {
  constructor(@InjectModel(REPORT_MODEL) private readonly reports: Model<ReportDocument>) {
    super();
  }

  async open(r: ReportRecord): Promise<ReportRecord> {
    const { id, ...rest } = r;
    try {
      await this.reports.create({ _id: id, ...rest, status: 'open' });
    } catch (error) {
      if (mongoUniqueViolation(error) === undefined) throw error;
    }
    const doc = await this.reports
      .findOne({ reporterId: r.reporterId, targetType: r.targetType, targetId: r.targetId, status: 'open' })
      .lean<ReportDocument>()
      .exec();
    if (!doc) throw new Error('open report vanished');
    return toReport(doc);
  }

  async findById(id: string): Promise<ReportRecord | null> {
    const doc = await this.reports.findById(id).lean<ReportDocument>().exec();
    return doc ? toReport(doc) : null;
  }

  async list(status: ReportStatus | undefined, before: TimeCursor | null, limit: number): Promise<ReportRecord[]> {
    const filter: Record<string, unknown> = status ? { status } : {};
    if (before) filter.$or = [{ createdAt: { $lt: before.at } }, { createdAt: before.at, _id: { $lt: before.id } }];
    const docs = await this.reports.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<ReportDocument[]>().exec();
    return docs.map(toReport);
  }

  async resolve(id: string, by: string, resolution: ReportResolution, at: Date): Promise<ReportRecord | null> {
    const doc = await this.reports
      .findOneAndUpdate({ _id: id, status: 'open' }, { $set: { status: 'resolved', resolvedBy: by, resolution, resolvedAt: at } }, { returnDocument: 'after' })
      .lean<ReportDocument>()
      .exec();
    return doc ? toReport(doc) : null;
  }
}

@Injectable()
export class MongoRoomSanctionRepository extends RoomSanctionRepository {
  constructor(
    @InjectModel(ROOM_MUTE_MODEL) private readonly mutes: Model<RoomMuteDocument>,
    @InjectModel(ROOM_BAN_MODEL) private readonly bans: Model<RoomBanDocument>,
  ) {
    super();
  }

  async mute(roomId: string, userId: string, until: Date, by: string): Promise<void> {
    await this.mutes.updateOne({ conversationId: roomId, userId }, { $set: { until, mutedBy: by } }, { upsert: true }).exec();
  }

  async mutedUntil(roomId: string, userId: string): Promise<Date | null> {
    const doc = await this.mutes.findOne({ conversationId: roomId, userId }).lean<RoomMuteDocument>().exec();
    return doc?.until ?? null;
  }

  async ban(roomId: string, userId: string, by: string, at: Date): Promise<boolean> {
    const result = await this.bans
      .updateOne({ conversationId: roomId, userId }, { $setOnInsert: { bannedBy: by, bannedAt: at } }, { upsert: true })
      .exec();
    return result.upsertedCount === 1;
  }

  async isBanned(roomId: string, userId: string): Promise<boolean> {
    return (await this.bans.exists({ conversationId: roomId, userId }).exec()) !== null;
  }
}
