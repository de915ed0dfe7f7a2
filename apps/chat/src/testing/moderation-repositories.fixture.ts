import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import { AnnouncementFeed } from '../announcements/announcement-feed.js';
import type { ConversationRepository } from '../conversations/conversation.repository.js';
import type { MessageRepository } from '../messages/message.repository.js';
import { RoomSanctions } from '../moderation/room-sanctions.js';
import { type AnnouncementReadDocument, MongoAnnouncementReadRepository } from '../announcements/announcement-read.mongo-repository.js';
import type { AnnouncementReadRepository } from '../announcements/announcement-read.repository.js';
import { SqliteAnnouncementReadRepository } from '../announcements/announcement-read.sqlite-repository.js';
import {
  MongoReportRepository,
  MongoRoomSanctionRepository,
  type ReportDocument,
  type RoomBanDocument,
  type RoomMuteDocument,
} from '../moderation/moderation.mongo-repository.js';
import { ANNOUNCEMENT_READ_MODEL, REPORT_MODEL, ROOM_BAN_MODEL, ROOM_MUTE_MODEL } from '../moderation/moderation.mongo-schemas.js';
import { SqliteReportRepository, SqliteRoomSanctionRepository } from '../moderation/moderation.sqlite-repository.js';
import type { ReportRepository } from '../moderation/report.repository.js';
import type { RoomSanctionRepository } from '../moderation/room-sanction.repository.js';
import { CHAT_MONGO_MODELS } from '../storage/chat.mongo-schemas.js';
import { CHAT_SQLITE_MIGRATIONS } from '../storage/chat.sqlite-schema.js';

export interface ModerationRepos {
  reports: ReportRepository;
  sanctions: RoomSanctionRepository;
  announcementReads: AnnouncementReadRepository;
}

/** Adapter factories for the moderation contract suites (fresh store per test). */
export const moderationRepositoryFactories = {
  sqlite: (): Promise<Fixture<ModerationRepos>> =>
    sqliteFixture('chat', CHAT_SQLITE_MIGRATIONS, (db) => ({
      reports: new SqliteReportRepository(db),
      sanctions: new SqliteRoomSanctionRepository(db),
      announcementReads: new SqliteAnnouncementReadRepository(db),
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<ModerationRepos>> =>
    mongoFixture(uri, dbName, CHAT_MONGO_MODELS, (conn) => ({
      reports: new MongoReportRepository(conn.model<ReportDocument>(REPORT_MODEL)),
      sanctions: new MongoRoomSanctionRepository(conn.model<RoomMuteDocument>(ROOM_MUTE_MODEL), conn.model<RoomBanDocument>(ROOM_BAN_MODEL)),
      announcementReads: new MongoAnnouncementReadRepository(conn.model<AnnouncementReadDocument>(ANNOUNCEMENT_READ_MODEL)),
    })),
};

/** For specs of other features: the announcements feed over their repositories, with in-memory read positions. */
export function announcementFeedFor(repos: { conversations: ConversationRepository; messages: MessageRepository }): AnnouncementFeed {
  const positions = new Map<string, number>();
  const reads: AnnouncementReadRepository = {
    lastRead: async (userId) => positions.get(userId) ?? 0,
    markRead: async (userId, seq) => {
      const moved = seq > (positions.get(userId) ?? 0);
      if (moved) positions.set(userId, seq);
      return { lastReadSeq: positions.get(userId) ?? 0, moved };
    },
  };
  return new AnnouncementFeed(repos.conversations, repos.messages, reads);
}

/** For specs of other features: nobody is muted or banned. */
export function noRoomSanctions(): RoomSanctions {
  const none: RoomSanctionRepository = {
    mute: async () => undefined,
    mutedUntil: async () => null,
    ban: async () => false,
    isBanned: async () => false,
  };
  return new RoomSanctions(none);
}
