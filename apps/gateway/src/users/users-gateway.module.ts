import { Module } from '@nestjs/common';
import { BlocksController } from './blocks.controller.js';
import { FriendsController } from './friends.controller.js';
import { UsersController } from './users.controller.js';

/**
 * REST routes under /api/users (profiles, search, friends, blocks). Order matters: Express matches in
 * registration order, so /users/friends and /users/blocks come before /users/:id.
 */
@Module({ controllers: [FriendsController, BlocksController, UsersController] })
export class UsersGatewayModule {}
