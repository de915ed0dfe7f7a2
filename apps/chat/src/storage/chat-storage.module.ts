import { type DynamicModule, Module } from '@nestjs/common';
import { repositoryStorage } from '#common';
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
import { MongoPinRepository } from '../pins/pin.mongo-repository.js';
import { PinRepository } from '../pins/pin.repository.js';
import { SqlitePinRepository } from '../pins/pin.sqlite-repository.js';
import { MongoReactionRepository } from '../reactions/reaction.mongo-repository.js';
import { ReactionRepository } from '../reactions/reaction.repository.js';
import { SqliteReactionRepository } from '../reactions/reaction.sqlite-repository.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import { CHAT_MONGO_MODELS } from './chat.mongo-schemas.js';
import { CHAT_SQLITE_MIGRATIONS } from './chat.sqlite-schema.js';
import { CHAT_SQLITE } from './chat-storage.tokens.js';

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
        { port: BlockCopyRepository, sqlite: SqliteBlockCopyRepository, mongo: MongoBlockCopyRepository },
      ],
      sqlite: { token: CHAT_SQLITE, migrations: CHAT_SQLITE_MIGRATIONS },
      // The conversation log is shared by the conversation, message and search adapters on MongoDB.
      mongo: { models: CHAT_MONGO_MODELS, providers: [MongoConversationLog] },
    });
  }
}
