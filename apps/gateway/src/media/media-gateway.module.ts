import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { AvatarController, MediaController } from './media.controller.js';
import { MediaProxyService } from './media-proxy.service.js';

/** /api/media and PUT /api/users/profile/avatar: bytes streamed to and from the media service's internal port. */
@Module({ controllers: [MediaController, AvatarController], providers: [AccessTokenVerifier, MediaProxyService] })
export class MediaGatewayModule {}
