import { type DynamicModule, Global, Module } from '@nestjs/common';
import { StorageHealth, mongoDbName, mongoStorageHealth, mongoStorageImports, sqliteFile, sqliteStorageProviders } from '#common';
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
import { CHAT_MONGO_MODELS } from './chat.mongo-schemas.js';
import { CHAT_SQLITE_MIGRATIONS } from './chat.sqlite-schema.js';
import { CHAT_SQLITE } from './chat-storage.tokens.js';
import { MongoEventLog } from './mongo-event-log.js';

const PORTS = [ConversationRepository, MessageRepository, MessageSearchRepository, StorageHealth];

/** Binds the chat repositories to MongoDB when MONGODB_URI is set, to the embedded SQLite file otherwise. */
@Global()
@Module({})
export class ChatStorageModule {
  static forRoot(env: ChatEnv): DynamicModule {
    if (env.MONGODB_URI) {
      return {
        module: ChatStorageModule,
        imports: mongoStorageImports(env.MONGODB_URI, mongoDbName(env.MONGODB_DB_PREFIX, 'chat'), CHAT_MONGO_MODELS),
        providers: [
          MongoEventLog,
          { provide: ConversationRepository, useClass: MongoConversationRepository },
          { provide: MessageRepository, useClass: MongoMessageRepository },
          { provide: MessageSearchRepository, useClass: MongoMessageSearchRepository },
          mongoStorageHealth,
        ],
        exports: PORTS,
      };
    }
    return {
      module: ChatStorageModule,
      providers: [
        ...sqliteStorageProviders(CHAT_SQLITE, sqliteFile(env.DATA_DIR, 'chat'), CHAT_SQLITE_MIGRATIONS),
        { provide: ConversationRepository, useClass: SqliteConversationRepository },
        { provide: MessageRepository, useClass: SqliteMessageRepository },
        { provide: MessageSearchRepository, useClass: SqliteMessageSearchRepository },
      ],
      exports: PORTS,
    };
  }
}
