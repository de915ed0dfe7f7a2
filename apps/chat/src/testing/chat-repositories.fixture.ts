import { MongoBlockCopyRepository } from '../blocks/block-copy.mongo-repository.js';
import type { BlockCopyRepository } from '../blocks/block-copy.repository.js';
import { SqliteBlockCopyRepository } from '../blocks/block-copy.sqlite-repository.js';
import type { Connection } from 'mongoose';
import { MongoCallRepository } from '../calls/call.mongo-repository.js';
import type { CallRepository } from '../calls/call.repository.js';
import { SqliteCallRepository } from '../calls/call.sqlite-repository.js';
import { type Fixture, mongoFixture, sqliteFixture } from '#common/testing';
import type { NewMember } from '../conversations/conversation.entity.js';
import { MongoConversationRepository } from '../conversations/conversation.mongo-repository.js';
import type { ConversationRepository } from '../conversations/conversation.repository.js';
import { SqliteConversationRepository } from '../conversations/conversation.sqlite-repository.js';
import { MongoMessageRepository } from '../messages/message.mongo-repository.js';
import type { MessageRepository } from '../messages/message.repository.js';
import { SqliteMessageRepository } from '../messages/message.sqlite-repository.js';
import { MongoMessageSearchRepository } from '../search/message-search.mongo-repository.js';
import type { MessageSearchRepository } from '../search/message-search.repository.js';
import { SqliteMessageSearchRepository } from '../search/message-search.sqlite-repository.js';
import { MongoConversationLog } from '../conversation-log/conversation-log.mongo.js';
import { EVENT_MODEL, type EventDocument } from '../conversation-log/conversation-log.mongo-schema.js';
import { MongoLogOutboxRepository } from '../log-outbox/log-outbox.mongo-repository.js';
import type { LogOutboxRepository } from '../log-outbox/log-outbox.repository.js';
import { SqliteLogOutboxRepository } from '../log-outbox/log-outbox.sqlite-repository.js';
import type { CallDocument, ConversationDocument, MemberDocument, MentionDocument, MessageDocument, PinDocument, ReactionDocument } from '../storage/chat-mongo-documents.js';
import {
  BLOCK_COPY_MODEL,
  type BlockCopyDocument,
  CHAT_MONGO_MODELS,
  CONVERSATION_MODEL,
  MEMBER_MODEL,
  MENTION_MODEL,
  CALL_MODEL,
  MESSAGE_MODEL,
  PIN_MODEL,
  REACTION_MODEL,
} from '../storage/chat.mongo-schemas.js';
import { MongoMentionRepository } from '../mentions/mention.mongo-repository.js';
import type { MentionRepository } from '../mentions/mention.repository.js';
import { SqliteMentionRepository } from '../mentions/mention.sqlite-repository.js';
import { MongoThreadRepository } from '../threads/thread.mongo-repository.js';
import type { ThreadRepository } from '../threads/thread.repository.js';
import { SqliteThreadRepository } from '../threads/thread.sqlite-repository.js';
import { MongoPinRepository } from '../pins/pin.mongo-repository.js';
import type { PinRepository } from '../pins/pin.repository.js';
import { SqlitePinRepository } from '../pins/pin.sqlite-repository.js';
import { MongoReactionRepository } from '../reactions/reaction.mongo-repository.js';
import type { ReactionRepository } from '../reactions/reaction.repository.js';
import { SqliteReactionRepository } from '../reactions/reaction.sqlite-repository.js';
import { noAttachments } from './attachments.fixture.js';
import { MessageViews } from '../messages/message-views.js';
import { CHAT_SQLITE_MIGRATIONS } from '../storage/chat.sqlite-schema.js';

export interface ChatRepos {
  conversations: ConversationRepository;
  messages: MessageRepository;
  search: MessageSearchRepository;
  reactions: ReactionRepository;
  pins: PinRepository;
  calls: CallRepository;
  logOutbox: LogOutboxRepository;
  mentions: MentionRepository;
  threads: ThreadRepository;
  blocks: BlockCopyRepository;
}

/** Adapter factories for the repository contract suites (fresh store per test). */
export const chatRepositoryFactories = {
  sqlite: (): Promise<Fixture<ChatRepos>> =>
    sqliteFixture('chat', CHAT_SQLITE_MIGRATIONS, (db) => ({
      conversations: new SqliteConversationRepository(db),
      messages: new SqliteMessageRepository(db),
      search: new SqliteMessageSearchRepository(db),
      reactions: new SqliteReactionRepository(db),
      pins: new SqlitePinRepository(db),
      calls: new SqliteCallRepository(db),
      logOutbox: new SqliteLogOutboxRepository(db),
      mentions: new SqliteMentionRepository(db),
      threads: new SqliteThreadRepository(db),
      blocks: new SqliteBlockCopyRepository(db),
    })),
  mongo: (uri: string, dbName: string): Promise<Fixture<ChatRepos>> => mongoFixture(uri, dbName, CHAT_MONGO_MODELS, mongoChatRepos),
};

/** The MongoDB adapters on one connection (the crash-point suite also reaches into its collections). */
export function mongoChatRepos(conn: Connection): ChatRepos {
  const conversations = conn.model<ConversationDocument>(CONVERSATION_MODEL);
  const members = conn.model<MemberDocument>(MEMBER_MODEL);
  const messages = conn.model<MessageDocument>(MESSAGE_MODEL);
  const reactions = conn.model<ReactionDocument>(REACTION_MODEL);
  const pins = conn.model<PinDocument>(PIN_MODEL);
  const log = new MongoConversationLog(conn.model<EventDocument>(EVENT_MODEL), conversations, messages, members, reactions, pins);
  return {
    conversations: new MongoConversationRepository(conversations, members, messages, conn.model<MentionDocument>(MENTION_MODEL), conn.model<EventDocument>(EVENT_MODEL), log),
    messages: new MongoMessageRepository(messages, log),
    search: new MongoMessageSearchRepository(messages, members, log),
    reactions: new MongoReactionRepository(reactions, log),
    pins: new MongoPinRepository(pins, log),
    calls: new MongoCallRepository(conn.model<CallDocument>(CALL_MODEL), log),
    logOutbox: new MongoLogOutboxRepository(conn.model<EventDocument>(EVENT_MODEL)),
    mentions: new MongoMentionRepository(conn.model<MentionDocument>(MENTION_MODEL)),
    threads: new MongoThreadRepository(messages, log),
    blocks: new MongoBlockCopyRepository(conn.model<BlockCopyDocument>(BLOCK_COPY_MODEL)),
  };
}

/** A stored room or direct conversation with the given members (the first is owner of a room). */
export async function seedConversation(
  repos: ChatRepos,
  memberIds: string[],
  options: { type?: 'direct' | 'group'; name?: string; visibility?: 'public' | 'private'; at?: Date } = {},
) {
  const { newId } = await import('#common');
  const at = options.at ?? new Date();
  const id = newId();
  const type = options.type ?? 'group';
  const conversation = {
    id,
    type,
    pairKey: type === 'direct' ? [...memberIds].sort().join(':') : null,
    name: type === 'group' ? (options.name ?? 'room') : null,
    description: '',
    visibility: type === 'group' ? (options.visibility ?? 'public') : null,
    createdBy: memberIds[0],
    createdAt: at,
    lastSeq: 0,
    activityAt: at,
  };
  const members = memberIds.map((userId, i): NewMember => ({
    conversationId: id,
    userId,
    role: type === 'group' && i === 0 ? 'owner' : 'member',
    joinedAt: at,
    lastReadSeq: 0,
  }));
  if (type === 'direct') await repos.conversations.openDirect(conversation, members);
  else await repos.conversations.createRoom(conversation, members);
  return conversation;
}

/** The message views over these repositories (for service tests). */
export const messageViews = (repos: ChatRepos) => new MessageViews(repos.reactions, repos.pins, repos.messages, noAttachments, repos.mentions, repos.threads);
