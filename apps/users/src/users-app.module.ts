import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { BlockEventsPublisher } from './blocks/block-events.publisher.js';
import { BlockPublicationSweeper } from './blocks/block-publication.sweeper.js';
import { BlocksHandler } from './blocks/blocks.handler.js';
import { BlocksService } from './blocks/blocks.service.js';
import { AccountEventsConsumer } from './events/account-events.consumer.js';
import { FriendsHandler } from './friends/friends.handler.js';
import { FriendsService } from './friends/friends.service.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceWatcher } from './presence/presence.watcher.js';
import { ProfilesHandler } from './profiles/profiles.handler.js';
import { ProfilesService } from './profiles/profiles.service.js';
import { UsersStorageModule } from './storage/users-storage.module.js';
import { UsersEnv } from './users.env.js';

@Module({})
export class UsersAppModule {
  static forRoot(env: UsersEnv): DynamicModule {
    return {
      module: UsersAppModule,
      imports: [CoreModule.forRoot('users', env), UsersStorageModule.forRoot(env)],
      controllers: [ProfilesHandler, FriendsHandler, BlocksHandler],
      providers: [
        { provide: UsersEnv, useValue: env },
        ProfilesService,
        FriendsService,
        BlocksService,
        BlockEventsPublisher,
        BlockPublicationSweeper,
        AccountEventsConsumer,
        PresenceService,
        PresenceWatcher,
      ],
    };
  }
}
