import { Module } from '@nestjs/common';
import { ChatController } from './chat.controller.js';
import { ConversationsController } from './conversations.controller.js';
import { RoomsController } from './rooms.controller.js';

/** REST routes under /api/chat (conversations, rooms, messages, read state, sync log, search). */
@Module({ controllers: [ChatController, ConversationsController, RoomsController] })
export class ChatGatewayModule {}
