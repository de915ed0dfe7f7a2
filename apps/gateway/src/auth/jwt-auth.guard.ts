import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Caller } from '#contracts';
import { IS_PUBLIC } from '#common';
import { AccessTokenVerifier } from './access-token-verifier.js';

/** `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
function bearerToken(request: Request): string | undefined {
  return /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * Global guard: every HTTP route needs a valid access token unless marked @Public(). The check is the one
 * the socket handshake uses (AccessTokenVerifier); the caller is left on `request.user` for @CurrentCaller().
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket events carry no HTTP headers: a socket is authenticated once, at its handshake (SocketRooms).
    if (context.getType() === 'ws') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    request.user = await this.verifier.verify(bearerToken(request));
    return true;
  }
}
