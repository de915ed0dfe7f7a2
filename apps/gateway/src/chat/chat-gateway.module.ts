import { Module } from '@nestjs/common';

/** REST routes under /api/chat (conversations, rooms, messages, read state, sync log, search). */
@Module({})
export class ChatGatewayModule {}
