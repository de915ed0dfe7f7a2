import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller.js';
import { IceServersService } from './ice-servers.service.js';

/** REST routes under /api/calls (the signalling itself is on the socket, apps/gateway/src/realtime). */
@Module({ controllers: [CallsController], providers: [IceServersService] })
export class CallsGatewayModule {}
