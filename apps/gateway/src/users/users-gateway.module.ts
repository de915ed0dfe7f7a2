import { Module } from '@nestjs/common';

/** REST routes under /api/users (profiles, search, friends, blocks). */
@Module({})
export class UsersGatewayModule {}
