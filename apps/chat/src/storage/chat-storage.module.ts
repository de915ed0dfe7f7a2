import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
import { MongoCallRepository } from '../calls/call.mongo-repository.js';
import { CallRepository } from '../calls/call.repository.js';
import { SqliteCallRepository } from '../calls/call.sqlite-repository.js';
import { MongoBlockCopyRepository } from '../blocks/block-copy.mongo-repository.js';
import { BlockCopyRepository } from '../blocks/block-copy.repository.js';
import { SqliteBlockCopyRepository } from '../blocks/block-copy.sqlite-repository.js';
import type { ChatEnv } from '../chat.env.js';
import { MongoConversationRepository } from '../conversations/conversation.mongo-repository.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { SqliteConversationRepository } from '../conversations/conversation.sqlite-repository.js';
import { MongoMessageRepository } from '../messages/message.mongo-repository.js';
import { MessageRepository } from '../messages/message.repository.js';
import { SqliteMessageRepository } from '../messages/message.sqlite-repository.js';
import { MongoMessageSearchRepository } from '../search/message-search.mongo-repository.js';
import { MessageSearchRepository } from '../search/message-search.repository.js';
import { SqliteMessageSearchRepository } from '../search/message-search.sqlite-repository.js';
import { MongoMentionRepository } from '../mentions/mention.mongo-repository.js';
import { MentionRepository } from '../mentions/mention.repository.js';
import { SqliteMentionRepository } from '../mentions/mention.sqlite-repository.js';
import { MongoThreadRepository } from '../threads/thread.mongo-repository.js';
import { ThreadRepository } from '../threads/thread.repository.js';
import { SqliteThreadRepository } from '../threads/thread.sqlite-repository.js';
import { MongoPinRepository } from '../pins/pin.mongo-repository.js';
import { PinRepository } from '../pins/pin.repository.js';
import { SqlitePinRepository } from '../pins/pin.sqlite-repository.js';
import { MongoReactionRepository } from '../reactions/reaction.mongo-repository.js';
import { ReactionRepository } from '../reactions/reaction.repository.js';
import { SqliteReactionRepository } from '../reactions/reaction.sqlite-repository.js';
import { MongoLogOutboxRepository } from '../log-outbox/log-outbox.mongo-repository.js';
import { LogOutboxRepository } from '../log-outbox/log-outbox.repository.js';
import { SqliteLogOutboxRepository } from '../log-outbox/log-outbox.sqlite-repository.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import { MongoAnnouncementReadRepository } from '../announcements/announcement-read.mongo-repository.js';
import { AnnouncementReadRepository } from '../announcements/announcement-read.repository.js';
import { SqliteAnnouncementReadRepository } from '../announcements/announcement-read.sqlite-repository.js';
import { MongoReportRepository, MongoRoomSanctionRepository } from '../moderation/moderation.mongo-repository.js';
import { SqliteReportRepository, SqliteRoomSanctionRepository } from '../moderation/moderation.sqlite-repository.js';
import { ReportRepository } from '../moderation/report.repository.js';
import { RoomSanctionRepository } from '../moderation/room-sanction.repository.js';
import { CHAT_MONGO_MODELS } from './chat.mongo-schemas.js';
import { CHAT_SQLITE_MIGRATIONS } from './chat.sqlite-schema.js';
import { CHAT_SQLITE, MESSAGE_COMMIT_WINDOW_MS } from './chat-storage.tokens.js';

/** Binds the chat repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Module({})
export class ChatStorageModule {
  static forRoot(env: ChatEnv): DynamicModule {
    return repositoryStorage(ChatStorageModule, env, {
      service: 'chat',
      bindings: [
        { port: ConversationRepository, sqlite: SqliteConversationRepository, mongo: MongoConversationRepository },
        { port: MessageRepository, sqlite: SqliteMessageRepository, mongo: MongoMessageRepository },
        { port: MessageSearchRepository, sqlite: SqliteMessageSearchRepository, mongo: MongoMessageSearchRepository },
        { port: ReactionRepository, sqlite: SqliteReactionRepository, mongo: MongoReactionRepository },
        { port: PinRepository, sqlite: SqlitePinRepository, mongo: MongoPinRepository },
        { port: CallRepository, sqlite: SqliteCallRepository, mongo: MongoCallRepository },
        { port: LogOutboxRepository, sqlite: SqliteLogOutboxRepository, mongo: MongoLogOutboxRepository },
        { port: ThreadRepository, sqlite: SqliteThreadRepository, mongo: MongoThreadRepository },
        { port: MentionRepository, sqlite: SqliteMentionRepository, mongo: MongoMentionRepository },
        { port: ReportRepository, sqlite: SqliteReportRepository, mongo: MongoReportRepository },
        { port: RoomSanctionRepository, sqlite: SqliteRoomSanctionRepository, mongo: MongoRoomSanctionRepository },
        { port: AnnouncementReadRepository, sqlite: SqliteAnnouncementReadRepository, mongo: MongoAnnouncementReadRepository },
        { port: BlockCopyRepository, sqlite: SqliteBlockCopyRepository, mongo: MongoBlockCopyRepository },
      ],
      sqlite: {
        token: CHAT_SQLITE,
        migrations: CHAT_SQLITE_MIGRATIONS,
        providers: [{ provide: MESSAGE_COMMIT_WINDOW_MS, useValue: env.MESSAGE_COMMIT_WINDOW_MS }],
      },
      // The conversation log is shared by the conversation, message and search adapters on MongoDB.
      mongo: { models: CHAT_MONGO_MODELS, providers: [MongoConversationLog] },
    });
  }
}
