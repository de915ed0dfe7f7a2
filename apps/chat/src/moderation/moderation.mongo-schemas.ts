import { Schema } from 'mongoose';
import type { MongoModel } from '#common';

export const REPORT_MODEL = 'Report';
export const ROOM_MUTE_MODEL = 'RoomMute';
export const ROOM_BAN_MODEL = 'RoomBan';
export const ANNOUNCEMENT_READ_MODEL = 'AnnouncementRead';

export const ReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    reporterId: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    reason: { type: String, required: true },
    note: { type: String, default: null },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    resolvedBy: { type: String, default: null },
    resolution: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
  },
  { collection: 'reports', versionKey: false, autoIndex: true },
);
// One open report per reporter and target: the partial unique index decides.
ReportSchema.index({ reporterId: 1, targetType: 1, targetId: 1 }, { unique: true, partialFilterExpression: { status: 'open' } });
ReportSchema.index({ status: 1, createdAt: -1, _id: -1 });
ReportSchema.index({ createdAt: -1, _id: -1 });

export const RoomMuteSchema = new Schema(
  {
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    until: { type: Date, required: true },
    mutedBy: { type: String, required: true },
  },
  { collection: 'room_mutes', versionKey: false, autoIndex: true },
);
RoomMuteSchema.index({ conversationId: 1, userId: 1 }, { unique: true });

export const RoomBanSchema = new Schema(
  {
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    bannedBy: { type: String, required: true },
    bannedAt: { type: Date, required: true },
  },
  { collection: 'room_bans', versionKey: false, autoIndex: true },
);
RoomBanSchema.index({ conversationId: 1, userId: 1 }, { unique: true });

/** `_id` is the user id. */
export const AnnouncementReadSchema = new Schema(
  {
    _id: { type: String, required: true },
    lastReadSeq: { type: Number, required: true },
  },
  { collection: 'announcement_reads', versionKey: false, autoIndex: true },
);

export const MODERATION_MONGO_MODELS: MongoModel[] = [
  { name: REPORT_MODEL, schema: ReportSchema },
  { name: ROOM_MUTE_MODEL, schema: RoomMuteSchema },
  { name: ROOM_BAN_MODEL, schema: RoomBanSchema },
  { name: ANNOUNCEMENT_READ_MODEL, schema: AnnouncementReadSchema },
];
