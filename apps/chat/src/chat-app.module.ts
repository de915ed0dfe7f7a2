import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { AttachmentsHandler } from './attachments/attachments.handler.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { CallsHandler } from './calls/calls.handler.js';
import { CallsService } from './calls/calls.service.js';
import { BlockCopyService } from './blocks/block-copy.service.js';
import { BlockEventsConsumer } from './blocks/block-events.consumer.js';
import { ChatEnv } from './chat.env.js';
import { ConversationAccess } from './conversations/conversation-access.js';
import { ConversationsHandler } from './conversations/conversations.handler.js';
import { ConversationsService } from './conversations/conversations.service.js';
import { ChatDeliveries } from './deliveries/chat-deliveries.js';
import { UsersDirectory } from './directory/users-directory.js';
import { LogOutboxRelay } from './log-outbox/log-outbox-relay.service.js';
import { MessagesHandler } from './messages/messages.handler.js';
import { MessagesService } from './messages/messages.service.js';
import { MessageViews } from './messages/message-views.js';
import { MentionsHandler } from './mentions/mentions.handler.js';
import { MentionsService } from './mentions/mentions.service.js';
import { ThreadsHandler } from './threads/threads.handler.js';
import { ThreadsService } from './threads/threads.service.js';
import { NotificationLevelsHandler } from './notification-levels/notification-levels.handler.js';
import { NotificationLevelsService } from './notification-levels/notification-levels.service.js';
import { PinsHandler } from './pins/pins.handler.js';
import { PinsService } from './pins/pins.service.js';
import { ReactionsHandler } from './reactions/reactions.handler.js';
import { ReactionsService } from './reactions/reactions.service.js';
import { RoomsHandler } from './rooms/rooms.handler.js';
import { RoomsService } from './rooms/rooms.service.js';
import { SearchHandler } from './search/search.handler.js';
import { SearchService } from './search/search.service.js';
import { ChatStorageModule } from './storage/chat-storage.module.js';
import { AnnouncementFeed } from './announcements/announcement-feed.js';
import { AnnouncementsHandler } from './announcements/announcements.handler.js';
import { AnnouncementsService } from './announcements/announcements.service.js';
import { ChatAudit } from './moderation/chat-audit.js';
import { ModerationHandler } from './moderation/moderation.handler.js';
import { ModerationService } from './moderation/moderation.service.js';
import { RoomModerationService } from './moderation/room-moderation.service.js';
import { RoomSanctions } from './moderation/room-sanctions.js';

@Module({})
export class ChatAppModule {
  static forRoot(env: ChatEnv): DynamicModule {
    return {
      module: ChatAppModule,
      imports: [CoreModule.forRoot('chat', env), ChatStorageModule.forRoot(env)],
      controllers: [MessagesHandler, ConversationsHandler, RoomsHandler, SearchHandler, ReactionsHandler, PinsHandler, AttachmentsHandler, NotificationLevelsHandler, MentionsHandler, ThreadsHandler, CallsHandler, ModerationHandler, AnnouncementsHandler],
      providers: [
        { provide: ChatEnv, useValue: env },
        ConversationAccess,
        ConversationsService,
        MessagesService,
        ReactionsService,
        PinsService,
        NotificationLevelsService,
        MentionsService,
        ThreadsService,
        CallsService,
        MessageViews,
        RoomsService,
        SearchService,
        UsersDirectory,
        ChatDeliveries,
        AttachmentsService,
        LogOutboxRelay,
        AnnouncementFeed,
        AnnouncementsService,
        ChatAudit,
        ModerationService,
        RoomModerationService,
        RoomSanctions,
        BlockCopyService,
        BlockEventsConsumer,
      ],
    };
  }
}
