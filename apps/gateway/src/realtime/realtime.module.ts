import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { BroadcastFanout } from './broadcast-fanout.service.js';
import { PresenceLeases } from './presence-leases.service.js';
import { RealtimeDrain } from './realtime-drain.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeService } from './realtime.service.js';
import { UserDeliveries } from './user-deliveries.service.js';
import { SocketRooms } from './socket-rooms.service.js';

/** Socket.IO on the gateway's HTTP server: handshake auth, client events, fan-out of broadcasts, presence leases. */
@Module({
  providers: [AccessTokenVerifier, RealtimeDrain, RealtimeGateway, RealtimeService, SocketRooms, BroadcastFanout, PresenceLeases, UserDeliveries],
})
export class RealtimeModule {}
